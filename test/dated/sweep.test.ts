/**
 * The dated-options sweep through the real stack: the server with its in-process job runner, real
 * SQLite, real SMTP. Time is injected through the sweep job's `now`; trials, rentals, renewals, staff
 * actions and licenses go through the HTTP API as a customer and staff would.
 */
import type { ParsedMail } from 'mailparser'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { verifyLicenseV2 } from '@/licensing'
import { login } from '../support/http'
import { recipientOf } from '../support/mail-headers'
import { startTestServer, type TestServer } from '../support/server'
import { startSmtpCapture, type SmtpCapture } from '../support/smtp'
import { createUser, TEST_PASSWORD } from '../support/users'
import { claimedController, customer, DAY, datedOption, entitlementRow, mailQueueDrained, rentAndPay, startTrial, sweepAt, waitFor } from './support'

const HOUR = 3_600_000
const MINUTES = 30

let smtp: SmtpCapture
let server: TestServer
let staffToken: string

beforeAll(async () => {
  smtp = await startSmtpCapture()
  server = await startTestServer({ SMTP_URL: smtp.url, JOBS_INTERVAL_MS: '50', DATED_OPTIONS_SWEEP_MINUTES: String(MINUTES) })
  staffToken = await login(server.api, (await createUser(server.payload, 'manager')).email, TEST_PASSWORD)
})
afterAll(async () => {
  await server?.close()
  await smtp?.stop()
})

/** Every mail to `to` so far, oldest first, once the queue has drained. */
async function mailsTo(to: string): Promise<ParsedMail[]> {
  await mailQueueDrained(server.payload)
  return smtp.messages.filter((m) => recipientOf(m) === to)
}

const waitingSweeps = async () =>
  (
    await server.payload.find({
      collection: 'payload-jobs',
      where: { and: [{ taskSlug: { equals: 'datedOptionsSweep' } }, { completedAt: { exists: false } }, { hasError: { not_equals: true } }] },
      depth: 0,
      overrideAccess: true,
    })
  ).docs

async function license(token: string, controllerId: string | number, options: string[]) {
  const issued = await server.api('POST', `/api/controllers/${controllerId}/apply`, { token, body: { options } })
  if (issued.status !== 201) return { status: issued.status, message: String(issued.body?.errors?.[0]?.message ?? ''), file: '' }
  return { status: 201, message: '', file: (await server.api('GET', issued.body.license.downloadUrl, { token })).text }
}

describe('the schedule', () => {
  test('the job runner queued the first sweep when it started; each run queues the next, so one sweep job is always waiting, DATED_OPTIONS_SWEEP_MINUTES ahead', async () => {
    const waiting = await waitFor('the chain to wait for its next run', async () => {
      const jobs = await waitingSweeps()
      return jobs.length === 1 && jobs[0].waitUntil ? jobs : null
    })
    const ahead = Date.parse(waiting[0].waitUntil!) - Date.now()
    expect(ahead).toBeGreaterThan((MINUTES - 1) * 60_000)
    expect(ahead).toBeLessThanOrEqual(MINUTES * 60_000)
    // The first run made the full pass and handed its time on.
    const input = waiting[0].input as { fullAt?: string }
    expect(Date.now() - Date.parse(String(input.fullAt))).toBeLessThan(60_000)

    // A sweep queued by hand (here with a time of its own) leaves the chain as it is: still one waiting.
    await sweepAt(server.payload, new Date())
    const after = await waitingSweeps()
    expect(after.map((j) => j.id)).toEqual(waiting.map((j) => j.id))
  })
})

describe('expiry on the server side', () => {
  test('a trial whose end has passed is ended by the sweep (with an audit entry), its mails say 1 day left and then ended, and the next license leaves it out', async () => {
    const { payload, api } = server
    const { user, token } = await customer(payload, api, 'en')
    const option = await datedOption(payload)
    const controller = await claimedController(payload, api, token)
    const until = await startTrial(api, token, controller.id, option.code)
    const { roots } = (await api('GET', '/api/license-keys')).body
    const hardwareId = String(controller.hardwareId)

    // On trial: the license carries the option with its end.
    const first = await license(token, controller.id, [option.code])
    const firstRead = verifyLicenseV2(first.file, roots, null, { hardwareId })
    if (!firstRead.ok) throw new Error(firstRead.reason)
    expect(firstRead.payload.options).toEqual([{ code: option.code, until }])

    // A minute before the end nothing ends (the 1-day reminder goes out: the most relevant one).
    await sweepAt(payload, Date.parse(until) - 60_000)
    expect((await entitlementRow(payload, controller.id, option.id))?.state).toBe('active')
    // A minute after it, the row is ended, as stored.
    await sweepAt(payload, Date.parse(until) + 60_000)
    const row = await entitlementRow(payload, controller.id, option.id)
    expect(row).toMatchObject({ state: 'ended', until, reminded1: until, remindedEnded: until, reminded7: null })
    const audit = await payload.find({ collection: 'audit-events', where: { and: [{ action: { equals: 'option.ended' } }, { subjectId: { equals: String(controller.id) } }] }, overrideAccess: true })
    expect(audit.docs.map((a) => a.summary)).toEqual([expect.stringContaining(`${option.code} on controller ${controller.serial} ended: its free trial ran until ${until}`)])

    // The next license leaves it out; asking for it says it ended.
    const second = await license(token, controller.id, [])
    const secondRead = verifyLicenseV2(second.file, roots, null, { hardwareId })
    if (!secondRead.ok) throw new Error(secondRead.reason)
    expect(secondRead.payload.options.map((o) => o.code)).not.toContain(option.code)
    expect(secondRead.payload.sequence).toBe(firstRead.payload.sequence + 1)
    const refused = await license(token, controller.id, [option.code])
    expect([refused.status, refused.message]).toEqual([422, expect.stringMatching(/ended on/)])

    const mails = await mailsTo(user.email)
    const reminders = mails.filter((m) => /trial/.test(m.subject ?? ''))
    expect(reminders.map((m) => m.subject)).toEqual([`Your free trial of ${option.name} ends in 1 day`, `Your free trial of ${option.name} has ended`])
    expect(reminders[1].text).toContain(`/account/controllers/${controller.id}/buy?option=${option.code}`)
  })
})

describe('reminders', () => {
  test('a rental: 7 days, 1 day and ended, each exactly once over many sweeps, in the owner\'s language; a renewal gets its own for the new end, with a one-click renewal link', async () => {
    const { payload, api } = server
    const { user, token } = await customer(payload, api, 'ru')
    const option = await datedOption(payload)
    const controller = await claimedController(payload, api, token)
    const end1 = await rentAndPay(payload, api, token, staffToken, controller.id, option.id, 1)
    const at = (end: string, offset: number) => Date.parse(end) + offset

    await sweepAt(payload, at(end1, -8 * DAY))
    await sweepAt(payload, at(end1, -7 * DAY + HOUR))
    await sweepAt(payload, at(end1, -7 * DAY + 2 * HOUR))
    await sweepAt(payload, at(end1, -6 * DAY))
    expect((await mailsTo(user.email)).filter((m) => /Аренда/.test(m.subject ?? '')).map((m) => m.subject)).toEqual([`Аренда «${option.name}» закончится через 7 дней`])

    // Renewed with days left: three more months from the current end.
    const end2 = await rentAndPay(payload, api, token, staffToken, controller.id, option.id, 3)
    expect(Date.parse(end2)).toBeGreaterThan(Date.parse(end1) + 85 * DAY)
    // The old end passes without a mail; the new one has its own three.
    for (const offset of [-23 * HOUR, HOUR]) await sweepAt(payload, at(end1, offset))
    for (const offset of [-7 * DAY + HOUR, -7 * DAY + 2 * HOUR, -3 * DAY, -12 * HOUR, -11 * HOUR, -HOUR, HOUR, 2 * HOUR, 2 * DAY]) await sweepAt(payload, at(end2, offset))

    const mails = (await mailsTo(user.email)).filter((m) => /Аренда/.test(m.subject ?? ''))
    expect(mails.map((m) => m.subject)).toEqual([
      `Аренда «${option.name}» закончится через 7 дней`,
      `Аренда «${option.name}» закончится через 7 дней`,
      `Аренда «${option.name}» закончится через 1 день`,
      `Аренда «${option.name}» закончилась`,
    ])
    for (const m of mails) expect(m.html).toContain('<html lang="ru">')
    // The renewal link orders the period rented last: 1 month before the renewal, 3 months after it.
    expect(mails[0].text).toContain(`/account/controllers/${controller.id}/buy?option=${option.code}&months=1`)
    for (const m of mails.slice(1)) expect(m.text).toContain(`/account/controllers/${controller.id}/buy?option=${option.code}&months=3`)
    expect(mails[0].text).toContain('Продлить на 1 месяц')
    expect(mails[3].text).toContain('Арендовать снова на 3 месяца')
    expect(await entitlementRow(payload, controller.id, option.id)).toMatchObject({ state: 'ended', until: end2, reminded7: end2, reminded1: end2, remindedEnded: end2 })
  })

  test('a trial of 7 days gets no "7 days left" at its start, only the 1-day reminder; staff ending it early sends no "ended" mail', async () => {
    const { payload, api } = server
    const { user, token } = await customer(payload, api, 'en')
    const option = await datedOption(payload, { trialDays: 7 })
    const controller = await claimedController(payload, api, token)
    const until = await startTrial(api, token, controller.id, option.code)
    await sweepAt(payload, Date.now() + 60_000)
    expect(await mailsTo(user.email)).toEqual([])
    await sweepAt(payload, Date.parse(until) - 12 * HOUR)
    expect((await mailsTo(user.email)).map((m) => m.subject)).toEqual([`Your free trial of ${option.name} ends in 1 day`])

    const ended = await server.api('POST', `/api/controllers/${controller.id}/option-terms`, { token: staffToken, body: { action: 'end', option: option.code, reason: 'support ticket 42' } })
    expect(ended.status).toBe(200)
    await sweepAt(payload, Date.now() + 60_000)
    await sweepAt(payload, Date.now() + DAY)
    expect((await entitlementRow(payload, controller.id, option.id))?.state).toBe('ended')
    expect((await mailsTo(user.email)).map((m) => m.subject)).toEqual([`Your free trial of ${option.name} ends in 1 day`])
  })

  test('a staff grant gets the reminders too, worded as given by staff, with the buy page; a controller without an owner gets none but is ended', async () => {
    const { payload, api } = server
    const { user, token } = await customer(payload, api, 'en')
    const option = await datedOption(payload, { sellOutright: false })
    const controller = await claimedController(payload, api, token)
    const grantUntil = new Date(Date.now() + 20 * DAY).toISOString()
    const granted = await api('POST', `/api/controllers/${controller.id}/option-terms`, { token: staffToken, body: { action: 'grant', option: option.code, until: grantUntil, reason: 'trade fair demo' } })
    expect(granted.status).toBe(200)
    await sweepAt(payload, Date.parse(grantUntil) - 7 * DAY + HOUR)
    await sweepAt(payload, Date.parse(grantUntil) + HOUR)
    const mails = await mailsTo(user.email)
    expect(mails.map((m) => m.subject)).toEqual([`${option.name} on controller ${controller.serial} ends in 7 days`, `${option.name} on controller ${controller.serial} has ended`])
    expect(mails[0].text).toContain(`Rent ${option.code}: http://`)
    expect(mails[0].text).toContain(`/account/controllers/${controller.id}/buy?option=${option.code}`)

    // Released: the controller keeps its rows but has no one to mail.
    const orphan = await claimedController(payload, api, token)
    const until = await startTrial(api, token, orphan.id, option.code)
    await payload.update({ collection: 'controllers', id: orphan.id, overrideAccess: true, data: { owner: null } })
    await sweepAt(payload, Date.parse(until) + HOUR)
    expect(await entitlementRow(payload, orphan.id, option.id)).toMatchObject({ state: 'ended', remindedEnded: null })
    expect((await mailsTo(user.email)).length).toBe(2)
  })
})

describe('pages and passes', () => {
  test('more controllers than a page: the next pages follow at once with the same time, every reminder goes out once, and the chain keeps one job waiting', async () => {
    const { payload, api } = server
    const { user, token } = await customer(payload, api, 'en')
    const option = await datedOption(payload)
    let latest = 0
    for (let i = 0; i < 5; i++) latest = Math.max(latest, Date.parse(await startTrial(api, token, (await claimedController(payload, api, token)).id, option.code)))
    await sweepAt(payload, latest - 7 * DAY + 60_000, { pageSize: 2 })
    const mails = await mailsTo(user.email)
    expect(mails.map((m) => m.subject)).toEqual(Array(5).fill(`Your free trial of ${option.name} ends in 7 days`))
    expect(await waitingSweeps()).toHaveLength(1)
  })

  test('a regular run ends rows whose end lies up to a week back; the full pass (the first run of a chain, then one a day) also older ones, such as an end set into the past in the admin', async () => {
    const { payload, api } = server
    const { user, token } = await customer(payload, api, 'en')
    const option = await datedOption(payload)
    const controller = await claimedController(payload, api, token)
    await startTrial(api, token, controller.id, option.code)
    const row = (await entitlementRow(payload, controller.id, option.id))!
    const longAgo = new Date(Date.now() - 30 * DAY).toISOString()
    const stored = await payload.findByID({ collection: 'controllers', id: controller.id, depth: 0, overrideAccess: true })
    await payload.update({ collection: 'controllers', id: controller.id, overrideAccess: true, data: { entitlements: (stored.entitlements ?? []).map((e) => (e.id === row.id ? { ...e, until: longAgo } : e)) } })

    const now = Date.now()
    await sweepAt(payload, now, { fullAt: new Date(now - 3_600_000).toISOString() })
    expect((await entitlementRow(payload, controller.id, option.id))?.state).toBe('available')
    await sweepAt(payload, now, { fullAt: new Date(now - 25 * 3_600_000).toISOString() })
    expect((await entitlementRow(payload, controller.id, option.id))?.state).toBe('ended')
    // Ended a month ago: too late for the "ended" mail.
    expect(await mailsTo(user.email)).toEqual([])
  })
})

