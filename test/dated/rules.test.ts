/** Which reminder is due when (src/domain/dated-options-sweep.ts): the most relevant stage only, once per end. */
import { describe, expect, test } from '@jest/globals'

import { datedOptionsSweepMinutes } from '@/config/dated-options'
import { dueReminder, skipReason } from '@/domain/dated-options-sweep'
import type { DatedRow } from '@/db/reminders'

const DAY = 86_400_000
const until = '2027-03-31T12:00:00.000Z'
const end = Date.parse(until)
const at = (msBeforeEnd: number) => new Date(end - msBeforeEnd)
const row = (over: Partial<DatedRow> = {}): DatedRow => ({ id: 'r', option: 1, state: 'available', source: 'trial', until, grantedAt: null, reminded7: null, reminded1: null, remindedEnded: null, ...over })

describe('dueReminder', () => {
  test('nothing more than 7 days ahead; the 7-day one from 7 days; the 1-day one from 1 day; "ended" from the end', () => {
    expect(dueReminder(row(), at(7 * DAY + 1))).toBeNull()
    expect(dueReminder(row(), at(7 * DAY))).toBe('reminded7')
    expect(dueReminder(row(), at(DAY + 1))).toBe('reminded7')
    expect(dueReminder(row(), at(DAY))).toBe('reminded1')
    expect(dueReminder(row(), at(1))).toBe('reminded1')
    expect(dueReminder(row({ state: 'ended' }), at(0))).toBe('remindedEnded')
    expect(dueReminder(row(), at(0))).toBe('remindedEnded') // not swept yet: still the "ended" mail
  })

  test('each once per end: a marker holding this end stops it; a marker of an earlier end (a renewal) does not', () => {
    expect(dueReminder(row({ reminded7: until }), at(3 * DAY))).toBeNull()
    expect(dueReminder(row({ reminded1: until }), at(3 * DAY))).toBeNull() // never a 7-day one after the 1-day one
    expect(dueReminder(row({ reminded1: until }), at(DAY / 2))).toBeNull()
    expect(dueReminder(row({ state: 'ended', remindedEnded: until }), at(-DAY))).toBeNull()
    const earlier = '2027-02-28T12:00:00.000Z'
    expect(dueReminder(row({ reminded7: earlier, reminded1: earlier, remindedEnded: earlier }), at(5 * DAY))).toBe('reminded7')
    // The same instant written another way is the same end.
    expect(dueReminder(row({ reminded7: '2027-03-31T12:00:00Z' }), at(5 * DAY))).toBeNull()
  })

  test('late sweeps send only the most relevant one: after a week down with 12 hours left, the 1-day one; after the end, only "ended"', () => {
    expect(dueReminder(row(), at(DAY / 2))).toBe('reminded1')
    expect(dueReminder(row({ state: 'ended' }), at(-3 * DAY))).toBe('remindedEnded')
  })

  test('"ended" only within 7 days of the end', () => {
    expect(dueReminder(row({ state: 'ended' }), at(-7 * DAY + 1))).toBe('remindedEnded')
    expect(dueReminder(row({ state: 'ended' }), at(-7 * DAY))).toBeNull()
  })

  test('trials, rentals and staff grants get reminders; purchases, unpaid rows and ended rows still ahead of their end do not', () => {
    for (const source of ['trial', 'rental', 'grant'] as const) expect(dueReminder(row({ source }), at(2 * DAY))).toBe('reminded7')
    expect(dueReminder(row({ source: 'purchase' }), at(2 * DAY))).toBeNull()
    expect(dueReminder(row({ state: 'awaiting_payment', source: 'rental' }), at(2 * DAY))).toBeNull()
    expect(dueReminder(row({ state: 'awaiting_payment', source: 'rental' }), at(-DAY))).toBeNull()
    expect(dueReminder(row({ state: 'ended' }), at(2 * DAY))).toBeNull()
  })
})

describe('skipReason', () => {
  const term = (over: { createdAt: string; endedEarlyAt?: string | null; until?: string }) => ({ until, endedEarlyAt: null, ...over })

  test('a stage whose moment came before the end was set is skipped: a 7-day trial has no 7-day reminder, a 14-day one has', () => {
    const sevenDayTrial = [term({ createdAt: new Date(end - 7 * DAY).toISOString() })]
    expect(skipReason('reminded7', until, sevenDayTrial)).toMatch(/less than 7 day/)
    expect(skipReason('reminded1', until, sevenDayTrial)).toBeNull()
    expect(skipReason('reminded7', until, [term({ createdAt: new Date(end - 14 * DAY).toISOString() })])).toBeNull()
    expect(skipReason('reminded1', until, [term({ createdAt: new Date(end - DAY / 2).toISOString() })])).toMatch(/less than 1 day/)
  })

  test('the latest term that set the end counts (a renewal paid with days left set a new end); terms of other ends do not', () => {
    const renewal = [term({ createdAt: new Date(end - 40 * DAY).toISOString(), until: new Date(end - 30 * DAY).toISOString() }), term({ createdAt: new Date(end - 33 * DAY).toISOString() })]
    expect(skipReason('reminded7', until, renewal)).toBeNull()
    expect(skipReason('reminded7', until, [term({ createdAt: new Date(end - 40 * DAY).toISOString(), until: '2027-01-01T00:00:00.000Z' })])).toBeNull()
  })

  test('no "ended" mail when staff ended the option early; an end typed into the admin (no term) is mailed', () => {
    expect(skipReason('remindedEnded', until, [term({ createdAt: new Date(end - DAY).toISOString(), endedEarlyAt: until })])).toMatch(/staff/)
    expect(skipReason('remindedEnded', until, [term({ createdAt: new Date(end - 20 * DAY).toISOString() })])).toBeNull()
    expect(skipReason('remindedEnded', until, [])).toBeNull()
    expect(skipReason('reminded7', until, [])).toBeNull()
  })
})

test('DATED_OPTIONS_SWEEP_MINUTES: 10 by default, fractions allowed, anything not above 0 or above a day refused with the name', () => {
  const before = process.env.DATED_OPTIONS_SWEEP_MINUTES
  try {
    delete process.env.DATED_OPTIONS_SWEEP_MINUTES
    expect(datedOptionsSweepMinutes()).toBe(10)
    process.env.DATED_OPTIONS_SWEEP_MINUTES = '0.5'
    expect(datedOptionsSweepMinutes()).toBe(0.5)
    for (const bad of ['0', '-5', '1441', 'often']) {
      process.env.DATED_OPTIONS_SWEEP_MINUTES = bad
      expect(() => datedOptionsSweepMinutes()).toThrow(/DATED_OPTIONS_SWEEP_MINUTES/)
    }
  } finally {
    if (before === undefined) delete process.env.DATED_OPTIONS_SWEEP_MINUTES
    else process.env.DATED_OPTIONS_SWEEP_MINUTES = before
  }
})
