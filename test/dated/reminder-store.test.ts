/**
 * The SQLite store of the dated-options sweep (src/db/reminders/sqlite.ts) on the real database: a
 * reminder's marker and its `sendEmail` job are one libsql write batch, the job's INSERT guarded by
 * `changes() = 1` — what `changes()` means inside such a batch is checked here, statement by statement.
 */
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { datedOptionsStore, type DatedRow } from '@/db/reminders'
import { REMINDER_SQL } from '@/db/reminders/sqlite'
import { sqliteClient } from '@/db/raw'
import type { EmailMessage } from '@/mail/queue-email'
import { createController, createOption } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { DAY } from './support'

let server: TestServer
let payload: Payload
beforeAll(async () => {
  // No job runner: queued e-mails stay in the jobs table for the tests to count.
  server = await startTestServer({ JOBS_IN_PROCESS: 'false' })
  payload = server.payload
})
afterAll(async () => {
  await server?.close()
})

const store = () => datedOptionsStore(payload)
const sql = () => sqliteClient(payload.db)

/** A controller with one trial row of a fresh option, ending `until`. */
async function trialRow(until: string, state: 'available' | 'active' | 'ended' = 'available') {
  const option = await createOption(payload)
  const controller = await createController(payload, { entitlements: [{ option: option.id, state, source: 'trial', until, grantedAt: new Date().toISOString() }] })
  const read = await store().read(controller.id)
  const row = read!.rows[0]
  return { option, controller, row }
}

const mailTo = (to: string): EmailMessage => ({ template: 'option-ending', to, lang: 'en', context: { name: 'N', serial: '1', controllerId: '1', code: 'X', optionName: 'X', until: new Date().toISOString(), source: 'trial', daysLeft: 7 } })

async function jobsTo(to: string): Promise<number> {
  const { rows } = await sql().execute({ sql: `select count(*) as n from payload_jobs where task_slug = 'sendEmail' and json_extract(input, '$.to') = ?`, args: [to] })
  return Number(rows[0].n)
}

async function markers(controllerId: string | number) {
  const c = await payload.findByID({ collection: 'controllers', id: controllerId, depth: 0, overrideAccess: true })
  const e = c.entitlements![0]
  return { until: e.until, state: e.state, reminded7: e.reminded7 ?? null, reminded1: e.reminded1 ?? null, remindedEnded: e.remindedEnded ?? null }
}

describe('a reminder: its marker and its job in one write batch', () => {
  test('the first call sets the marker to the end and queues one job; the second changes nothing and queues nothing', async () => {
    const until = new Date(Date.now() + 5 * DAY).toISOString()
    const { controller, row } = await trialRow(until)
    const to = `once-${Date.now()}@example.test`
    const now = new Date().toISOString()
    expect(await store().remind(controller.id, row, 'reminded7', ['available', 'active'], mailTo(to), now)).toBe(true)
    expect(await store().remind(controller.id, row, 'reminded7', ['available', 'active'], mailTo(to), now)).toBe(false)
    expect(await jobsTo(to)).toBe(1)
    expect(await markers(controller.id)).toMatchObject({ until, reminded7: until, reminded1: null, remindedEnded: null })
    // The job is the one the runner would send: Payload reads it back as a sendEmail job with the message.
    const job = (await payload.find({ collection: 'payload-jobs', where: { 'input.to': { equals: to } }, overrideAccess: true })).docs[0]
    expect(job).toMatchObject({ taskSlug: 'sendEmail', queue: 'default', processing: false, hasError: false, input: { template: 'option-ending', to, lang: 'en' } })
  })

  test('changes() in the batch is the count of the statement just before it, not of earlier ones, nor of the previous batch', async () => {
    const until = new Date(Date.now() + 5 * DAY).toISOString()
    const { controller, row } = await trialRow(until)
    const to = `changes-${Date.now()}@example.test`
    const now = new Date().toISOString()
    const setMarker = (marker: 'reminded7' | 'reminded1') => ({ sql: REMINDER_SQL.SET_MARKER(marker), args: [row.until, Number(controller.id), Number(row.option), JSON.stringify(['available', 'active'])] })
    const queue = { sql: REMINDER_SQL.QUEUE_EMAIL_IF_MARKED, args: [JSON.stringify({ template: 'option-ending', to, lang: 'en', context: {} }), now] }
    const touch = { sql: REMINDER_SQL.TOUCH, args: [Number(controller.id), now] }

    // The marker's UPDATE changed one row: the INSERT writes the job.
    const first = await sql().batch([setMarker('reminded7'), queue], 'write')
    expect(first.map((r) => r.rowsAffected)).toEqual([1, 1])
    // An earlier statement that changed a row, then the marker's UPDATE that changes none: no job.
    const second = await sql().batch([touch, setMarker('reminded7'), queue], 'write')
    expect(second.map((r) => r.rowsAffected)).toEqual([1, 0, 0])
    // A new batch starting with the INSERT sees the previous batch's last count (0 here): no job either.
    const third = await sql().batch([queue], 'write')
    expect(third.map((r) => r.rowsAffected)).toEqual([0])
    // Another marker of the same row: its own UPDATE, its own job.
    const fourth = await sql().batch([setMarker('reminded1'), queue], 'write')
    expect(fourth.map((r) => r.rowsAffected)).toEqual([1, 1])
    expect(await jobsTo(to)).toBe(2)
  })

  test('all or nothing: when the job cannot be written, the marker is not set either', async () => {
    const until = new Date(Date.now() + 5 * DAY).toISOString()
    const { controller, row } = await trialRow(until)
    await expect(
      sql().batch([{ sql: REMINDER_SQL.SET_MARKER('reminded7'), args: [row.until, Number(controller.id), Number(row.option), JSON.stringify(['available'])] }, { sql: 'insert into payload_jobs (id) values (null, 1)', args: [] }], 'write'),
    ).rejects.toThrow()
    expect((await markers(controller.id)).reminded7).toBeNull()
  })

  test('a row whose end changed after it was read (a renewal) is not marked and nothing is queued; its new end gets its own reminder', async () => {
    const until = new Date(Date.now() + 5 * DAY).toISOString()
    const { option, controller, row } = await trialRow(until)
    const renewed = new Date(Date.now() + 35 * DAY).toISOString()
    await payload.update({ collection: 'controllers', id: controller.id, overrideAccess: true, data: { entitlements: [{ option: option.id, state: 'available', source: 'rental', until: renewed, reminded7: until }] } })
    const to = `renewed-${Date.now()}@example.test`
    expect(await store().remind(controller.id, row, 'reminded7', ['available', 'active'], mailTo(to), new Date().toISOString())).toBe(false)
    expect(await jobsTo(to)).toBe(0)
    const fresh = (await store().read(controller.id))!.rows[0]
    expect(fresh).toMatchObject({ until: renewed, reminded7: until })
    expect(await store().remind(controller.id, fresh, 'reminded7', ['available', 'active'], mailTo(to), new Date().toISOString())).toBe(true)
    expect(await markers(controller.id)).toMatchObject({ until: renewed, reminded7: renewed })
    expect(await jobsTo(to)).toBe(1)
  })

  test('the state is part of the condition: no 7-day reminder for a row that is no longer usable', async () => {
    const until = new Date(Date.now() + 5 * DAY).toISOString()
    const { controller, row } = await trialRow(until, 'ended')
    const to = `state-${Date.now()}@example.test`
    expect(await store().remind(controller.id, row, 'reminded7', ['available', 'active'], mailTo(to), new Date().toISOString())).toBe(false)
    expect(await jobsTo(to)).toBe(0)
  })
})

describe('ending rows and finding controllers', () => {
  test('end() ends usable rows with the end it read and returns them; an ended or changed row is left alone', async () => {
    const past = new Date(Date.now() - DAY).toISOString()
    const { controller, row } = await trialRow(past, 'active')
    const stale: DatedRow = { ...row, until: new Date(Date.now() - 2 * DAY).toISOString() }
    expect(await store().end(controller.id, [stale], new Date().toISOString())).toEqual([])
    expect((await markers(controller.id)).state).toBe('active')
    expect(await store().end(controller.id, [row], new Date().toISOString())).toEqual([row])
    expect((await markers(controller.id)).state).toBe('ended')
    expect(await store().end(controller.id, [row], new Date().toISOString())).toEqual([])
  })

  test('candidates: rows to end in the look-back window (any age in the full pass), reminders in their window, in id order after afterId; not rows far ahead, purchases or fully reminded rows', async () => {
    const now = Date.now() + 1000 * DAY // far from every other test's rows
    const iso = (ms: number) => new Date(ms).toISOString()
    const window = { now: iso(now), endFrom: iso(now - 7 * DAY), endedMailFrom: iso(now - 7 * DAY), dayAhead: iso(now + DAY), weekAhead: iso(now + 7 * DAY) }
    const recentlyOver = await trialRow(iso(now - 2 * DAY), 'active')
    const longOver = await trialRow(iso(now - 400 * DAY), 'active')
    const soon = await trialRow(iso(now + 3 * DAY))
    const farAhead = await trialRow(iso(now + 30 * DAY))
    const purchased = await createController(payload, { entitlements: [{ option: soon.option.id, state: 'available', source: 'purchase', until: iso(now + 3 * DAY) }] })
    const withMarkers = async (until: string, markers: { reminded7?: string; reminded1?: string; remindedEnded?: string }, state: 'available' | 'ended' = 'available') => {
      const made = await trialRow(until, state)
      await payload.update({ collection: 'controllers', id: made.controller.id, overrideAccess: true, data: { entitlements: [{ option: made.option.id, state, source: 'trial', until, ...markers }] } })
      return made
    }
    // Its 7-day reminder sent, 3 days left: nothing due until the 1-day one.
    const done = await withMarkers(iso(now + 3 * DAY), { reminded7: iso(now + 3 * DAY) })
    // Its 7-day reminder sent, 12 hours left: the 1-day one is due.
    const lastDay = await withMarkers(iso(now + DAY / 2), { reminded7: iso(now + DAY / 2) })
    // Ended yesterday, its "ended" mail sent: nothing due.
    const endedMailed = await withMarkers(iso(now - DAY), { remindedEnded: iso(now - DAY) }, 'ended')

    const found = await store().candidates(window, null, 1000)
    expect(found).toEqual(expect.arrayContaining([recentlyOver.controller.id, soon.controller.id, lastDay.controller.id]))
    for (const id of [longOver.controller.id, farAhead.controller.id, purchased.id, done.controller.id, endedMailed.controller.id]) expect(found).not.toContain(id)
    expect([...found].sort((a, b) => Number(a) - Number(b))).toEqual(found)
    const all = await store().candidates({ ...window, endFrom: null }, null, 1000)
    expect(all).toEqual(expect.arrayContaining([longOver.controller.id, recentlyOver.controller.id, soon.controller.id]))
    for (const id of [farAhead.controller.id, purchased.id, done.controller.id, endedMailed.controller.id]) expect(all).not.toContain(id)
    expect(await store().candidates(window, recentlyOver.controller.id, 1000)).not.toContain(recentlyOver.controller.id)
    expect(await store().candidates(window, null, 1)).toHaveLength(1)
  })

  test('query plans: a regular run reads four ranges of the until index; the full pass scans the rows for past ends (cheaper than an index range over all of them)', async () => {
    const at = (days: number) => new Date(Date.now() + days * DAY).toISOString()
    const plan = async (query: string, args: Record<string, string | number>) => (await sql().execute({ sql: `explain query plan ${query}`, args })).rows.map((r) => String(r.detail))
    const range = 'SEARCH controllers_entitlements USING INDEX controllers_entitlements_until_idx (until>? AND until<?)'
    const args = { now: at(0), endedFrom: at(-7), dayAhead: at(1), weekAhead: at(7), afterId: 0, limit: 200 }
    const regular = await plan(REMINDER_SQL.CANDIDATES, { ...args, endFrom: at(-7) })
    expect(regular.filter((d) => d === range)).toHaveLength(4)
    expect(regular.filter((d) => /^SCAN controllers_entitlements/.test(d))).toEqual([])
    const full = await plan(REMINDER_SQL.CANDIDATES_ALL_PAST, args)
    expect(full.filter((d) => d === range)).toHaveLength(3)
    expect(full).toContain('SCAN controllers_entitlements')
  })
})
