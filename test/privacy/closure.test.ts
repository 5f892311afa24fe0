/**
 * Closing an account, end to end on the real server: the request from the profile's API, the link
 * received over SMTP, the confirmation — and then the whole SQLite database (every column of every
 * table) holds neither the person's e-mail addresses, name nor phone; they cannot log in; orders,
 * payments, bills and licenses are all still there without them; mail caused later (a payment on the
 * old order) does not reach the old address. Staff carry out a request from the admin API.
 */
import { execFile } from 'node:child_process'
import crypto from 'node:crypto'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { Where } from 'payload'

import { signWebhook } from '@/domain/payment-webhook'
import { sendEmailInput } from '@/mail/queue-email'
import { commandEnv, exactEnv } from '../backup/support'
import { login } from '../support/http'
import { linkIn, recipientOf } from '../support/mail-headers'
import { createController, createOption } from '../support/licensing-fixtures'
import { createNews } from '../support/news-fixtures'
import { clearAllLoginFailures } from '@collections/Users/login-throttle'
import { startTestServer, type TestServer } from '../support/server'
import { startSmtpCapture, type SmtpCapture } from '../support/smtp'
import { createUser, TEST_PASSWORD } from '../support/users'
import { customerWithHistory, download, type Customer } from './support'

const WEBHOOK_SECRET = 'whsec-closure-test-0123456789'
let smtp: SmtpCapture
let server: TestServer

beforeAll(async () => {
  smtp = await startSmtpCapture()
  server = await startTestServer({ SMTP_URL: smtp.url, JOBS_INTERVAL_MS: '50', PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET, RATE_LIMIT_LOGIN: '200' })
})
afterAll(async () => {
  await server?.close()
  await smtp?.stop()
})

/** What another process finds of `needles` in the SQLite file: values in any table (case-insensitive), and byte copies in the file and its log. */
async function scanDatabase(needles: string[]): Promise<{ hits: string[]; raw: Record<string, number> }> {
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', 'test/privacy/grep-database.ts', path.join(server.dataDir, 'test.db'), ...needles], { maxBuffer: 64 * 1024 * 1024 })
  const { tables, hits, raw } = JSON.parse(stdout) as { tables: number; hits: string[]; raw: Record<string, number> }
  expect(tables).toBeGreaterThan(30)
  return { hits, raw }
}
const grepDatabase = async (needles: string[]) => (await scanDatabase(needles)).hits

async function countOf(collection: 'orders' | 'payments' | 'licenses' | 'audit-events', where: Where = {}) {
  return (await server.payload.count({ collection, where, overrideAccess: true })).totalDocs
}

async function webhookPay(number: string, amount: number) {
  const body = JSON.stringify({ event: 'payment.succeeded', paymentId: `pay-${crypto.randomUUID()}`, orderNumber: number, amount, currency: 'EUR' })
  return server.api('POST', '/api/payments/webhook', { rawBody: body, headers: { 'content-type': 'application/json', 'x-pumotix-signature': signWebhook(body, WEBHOOK_SECRET) } })
}

describe('a customer closes their account', () => {
  const NAME = 'Carolina Zweistein'
  const PHONE = '+49 30 5550199'
  const E164 = '+49305550199'
  let carol: Customer
  let newEmail: string
  let closureMail: Awaited<ReturnType<SmtpCapture['waitFor']>>
  let before: { orders: number; payments: number; licenses: number; audit: number }

  beforeAll(async () => {
    const { payload, api } = server
    carol = await customerWithHistory(server, { name: NAME, phone: PHONE, newsSubscribed: true })
    const staff = await login(api, (await createUser(payload, 'manager')).email, TEST_PASSWORD)
    const dave = await createUser(payload, 'customer')

    // Her personal data in as many places as the product puts it:
    // a controller transferred to her by staff (audit summary and before/after name her address), with a staff note about her;
    const third = await createController(payload, { owner: dave.id })
    expect((await api('POST', `/api/controllers/${third.id}/transfer`, { token: staff, body: { email: carol.user.email, reason: `sold by ${dave.email} to ${NAME}` } })).status).toBe(200)
    await payload.update({ collection: 'controllers', id: third.id, overrideAccess: true, data: { notes: `Called ${NAME} on ${PHONE}; write to ${carol.user.email}.` } })
    carol.controllers.push({ id: third.id, serial: String(third.serial), hardwareId: String(third.hardwareId), format: 1 })
    // an order cancelled by staff with a reason naming her;
    const option = await createOption(payload)
    const cancelled = await api('POST', '/api/orders', { token: carol.token, body: { controller: third.id, items: [{ option: option.id }] } })
    expect(cancelled.status).toBe(201)
    expect((await api('PATCH', `/api/orders/${cancelled.body.doc.id}`, { token: staff, body: { status: 'cancelled', statusReason: `${NAME} (${E164}) ordered by mistake` } })).status).toBe(200)
    carol.orders.push({ id: cancelled.body.doc.id, number: cancelled.body.doc.number })
    // a news mailing that reached her;
    await createNews(payload, { status: 'published' })
    await smtp.waitFor((m) => recipientOf(m) === carol.user.email && /unsubscribe/.test(m.text ?? ''))
    // a new address awaiting confirmation;
    newEmail = `carolina-new-${Date.now()}@example.test`
    expect((await api('POST', '/api/users/change-email', { token: carol.token, body: { email: newEmail, password: TEST_PASSWORD } })).status).toBe(200)
    await smtp.waitFor((m) => recipientOf(m) === newEmail)
    // a mail queued for later (waiting for its time) and one that failed for good;
    await payload.jobs.queue({ task: 'sendEmail', input: sendEmailInput({ template: 'payment-received', to: carol.user.email, lang: 'en', context: { name: NAME, number: 'X', controllerId: '1', options: [] } }), waitUntil: new Date(Date.now() + 86_400_000) })
    await payload.create({ collection: 'payload-jobs', overrideAccess: true, data: { taskSlug: 'sendEmail', input: sendEmailInput({ template: 'license-issued', to: carol.user.email, lang: 'en', context: { name: NAME } }), hasError: true, error: { message: `e-mail "license-issued" to ${carol.user.email} not sent: 452 mailbox full` }, totalTried: 6 } })
    // and an account lock after wrong passwords (audit: "Account <e-mail> locked …").
    for (let i = 0; i < 5; i++) await api('POST', '/api/users/login', { body: { email: carol.user.email, password: 'wrong-password' } })
    expect(await countOf('audit-events', { action: { equals: 'user.login_locked' } })).toBeGreaterThan(0)

    expect((await grepDatabase([carol.user.email])).length).toBeGreaterThan(10)
    before = { orders: await countOf('orders'), payments: await countOf('payments'), licenses: await countOf('licenses'), audit: await countOf('audit-events') }
  })

  test('asking sends a confirmation link to her address, and staff see the request', async () => {
    const res = await server.api('POST', '/api/users/request-closure', { token: carol.token })
    expect(res.status).toBe(200)
    expect(res.body.message).toBe(`A confirmation link has been sent to ${carol.user.email}. Your account is closed when you follow it within 24 hours.`)
    closureMail = await smtp.waitFor((m) => recipientOf(m) === carol.user.email && m.subject === 'Confirm closing your PUMOTIX account')
    expect(closureMail.text).toContain(`Hello ${NAME},`)
    const user = await server.payload.findByID({ collection: 'users', id: carol.user.id, overrideAccess: true })
    expect(user.closureRequestedAt).toBe(res.body.closureRequestedAt)
    expect(user.closedAt ?? null).toBeNull()
    // Nothing is closed yet: she still logs in (once the login throttle the wrong passwords caused is lifted).
    await clearAllLoginFailures(server.payload, carol.user.email)
    await login(server.api, carol.user.email, TEST_PASSWORD)
    const entry = (await server.payload.find({ collection: 'audit-events', where: { action: { equals: 'user.closure_requested' } }, overrideAccess: true })).docs[0]
    expect(entry).toMatchObject({ summary: `Account ${carol.user.id} asked to be closed; a confirmation link was e-mailed`, actorLabel: `account ${carol.user.id}` })
  })

  test('a link that was altered is refused with a message that says what to do, and changes nothing', async () => {
    const token = new URL(linkIn(closureMail, `${server.url}/close-account?token=`)).searchParams.get('token')!
    const [body] = token.split('.')
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(body, 'base64url').toString()), u: String(Number(carol.user.id) + 1000) })).toString('base64url')
    for (const bad of [`${forged}.${token.split('.')[1]}`, `${token}x`, '', 'nonsense']) {
      const res = await server.api('POST', '/api/users/confirm-closure', { body: { token: bad } })
      expect(res.status).toBe(400)
      expect(res.body.errors[0].message).toBe('This link is invalid, has expired or has already been used. To close your account, log in and ask again in your profile.')
    }
    expect((await server.payload.findByID({ collection: 'users', id: carol.user.id, overrideAccess: true })).email).toBe(carol.user.email)
  })

  test('following the link closes the account; the link works once', async () => {
    const token = new URL(linkIn(closureMail, `${server.url}/close-account?token=`)).searchParams.get('token')!
    const res = await server.api('POST', '/api/users/confirm-closure', { body: { token } })
    expect(res.status).toBe(200)
    expect(res.body.message).toBe('Your account is closed.')
    // The browser's session cookie is cleared (emptied, with an expiry already past).
    const cookie = res.headers.get('set-cookie') ?? ''
    expect(cookie).toMatch(/^payload-token=;/)
    expect(new Date(cookie.match(/Expires=([^;]+)/)![1]).getTime()).toBeLessThanOrEqual(Date.now())
    const again = await server.api('POST', '/api/users/confirm-closure', { body: { token } })
    expect(again.status).toBe(400)
  })

  test('afterwards no table of the database holds her e-mail addresses, name or phone', async () => {
    expect(await grepDatabase([carol.user.email, newEmail, NAME, 'Zweistein', E164, '5550199'])).toEqual([])
  })

  test('npm run db:vacuum then leaves none of it in the database files either (free pages, the write-ahead log)', async () => {
    const file = path.join(server.dataDir, 'test.db')
    const copies = async () => Object.values((await scanDatabase([carol.user.email, NAME, E164])).raw).reduce((a, b) => a + b, 0)
    // Updated rows leave their old bytes in free space until SQLite reuses it: the scan sees them…
    expect(await copies()).toBeGreaterThan(0)
    const { stdout } = await promisify(execFile)(process.execPath, ['--conditions=production', '--import', 'tsx', 'src/scripts/vacuum.ts'], {
      env: exactEnv(commandEnv(server.dataDir, { DATABASE_URI: `file:${file}` })),
    })
    expect(stdout).toMatch(/test\.db: .* → .* in \d+\.\d s/)
    // …and after the command none is left, in the file or the log.
    expect(await copies()).toBe(0)
    // The server goes on writing, and other processes see what it writes (its log was left in place).
    const probe = await createUser(server.payload, 'customer')
    expect((await grepDatabase([probe.email])).length).toBeGreaterThan(0)
  })

  test('she can no longer log in: not with the old credentials, not with her old session, not by resetting the password', async () => {
    const res = await server.api('POST', '/api/users/login', { body: { email: carol.user.email, password: TEST_PASSWORD } })
    expect(res.status).toBe(401)
    expect((await server.api('GET', '/api/users/me', { token: carol.token })).body.user).toBeNull()
    expect((await download(server, '/api/users/me/export', carol.token)).status).toBe(401)
    const sent = smtp.messages.length
    expect((await server.api('POST', '/api/users/forgot-password', { body: { email: carol.user.email } })).status).toBe(200)
    const user = await server.payload.findByID({ collection: 'users', id: carol.user.id, overrideAccess: true, showHiddenFields: true })
    expect(user).toMatchObject({ email: `closed-${carol.user.id}@invalid`, name: 'Closed account', phone: '', newsSubscribed: false, pendingEmail: null, sessions: [] })
    expect(user.hash ?? null).toBeNull()
    expect(user.closedAt).toBeTruthy()
    const asClosed = await server.api('POST', '/api/users/login', { body: { email: user.email, password: '' } })
    expect(asClosed.status).toBeGreaterThanOrEqual(400)
    // A reset asked for the closed address itself goes nowhere either (it is in the reserved .invalid domain).
    expect((await server.api('POST', '/api/users/forgot-password', { body: { email: user.email } })).status).toBe(200)
    // Another customer's reset, asked after it, arrives alone; the closed account got no reset token
    // (Payload's reset validates the account, and a closed one has no phone and a .invalid address).
    const other = await createUser(server.payload, 'customer')
    expect((await server.api('POST', '/api/users/forgot-password', { body: { email: other.email } })).status).toBe(200)
    await smtp.waitFor((m) => recipientOf(m) === other.email)
    expect((await server.payload.findByID({ collection: 'users', id: carol.user.id, overrideAccess: true, showHiddenFields: true })).resetPasswordToken ?? null).toBeNull()
    // Whatever sends to a closed address, the transport drops it (here Payload's own sendEmail).
    await server.payload.sendEmail({ to: `${NAME} <${user.email}>`, subject: 'to a closed account', text: 'nobody reads this' })
    await server.payload.sendEmail({ to: other.email, subject: 'to an open account', text: 'this arrives' })
    await smtp.waitFor((m) => m.subject === 'to an open account')
    expect(smtp.messages.some((m) => m.subject === 'to a closed account')).toBe(false)
    expect(smtp.messages.slice(sent).map(recipientOf)).toEqual([other.email, other.email])
  })

  test('orders, payments, licenses and the audit log are all still there, without her', async () => {
    expect(await countOf('orders')).toBe(before.orders)
    expect(await countOf('payments')).toBe(before.payments)
    expect(await countOf('licenses')).toBe(before.licenses)
    expect(await countOf('audit-events')).toBeGreaterThan(before.audit)
    const orders = await server.payload.find({ collection: 'orders', where: { customer: { equals: carol.user.id } }, overrideAccess: true, depth: 0 })
    expect(orders.docs.map((o) => o.number).sort()).toEqual(carol.orders.map((o) => o.number).sort())
    for (const o of orders.docs) {
      expect(o.bill?.buyer).toEqual({ name: 'Closed account', email: null, phone: null })
      expect(o.bill?.seller?.iban).toBeTruthy()
      expect(o.items.length).toBeGreaterThan(0)
    }
    expect(orders.docs.find((o) => o.status === 'cancelled')?.statusReason).toBe(`closed account ${carol.user.id} (closed account ${carol.user.id}) ordered by mistake`)
    // Staff still print the bill.
    const manager = await login(server.api, (await createUser(server.payload, 'manager')).email, TEST_PASSWORD)
    const pdf = await download(server, `/api/orders/${orders.docs[0].id}/bill.pdf`, manager)
    expect([pdf.status, pdf.body.subarray(0, 5).toString()]).toEqual([200, '%PDF-'])
    // The audit entries keep what happened.
    const closed = (await server.payload.find({ collection: 'audit-events', where: { action: { equals: 'user.closed' } }, overrideAccess: true })).docs
    expect(closed).toHaveLength(1)
    expect(closed[0]).toMatchObject({ summary: `Account ${carol.user.id} closed at the person's request (confirmed by the e-mailed link)`, actorLabel: `closed account ${carol.user.id}`, subjectId: String(carol.user.id) })
    expect(closed[0].after).toMatchObject({ controllersReleased: 3, ordersKept: 3, licensesKept: 3 })
    const transfer = (await server.payload.find({ collection: 'audit-events', where: { action: { equals: 'controller.transferred' } }, overrideAccess: true })).docs[0]
    expect(transfer.summary).toMatch(new RegExp(`to closed account ${carol.user.id}: sold by .+@example\\.test to closed account ${carol.user.id}$`))
    expect(transfer.after).toMatchObject({ ownerEmail: `closed account ${carol.user.id}` })
  })

  test('her controllers are unclaimed again and keep their licenses and options', async () => {
    for (const c of carol.controllers) {
      const doc = await server.payload.findByID({ collection: 'controllers', id: c.id, overrideAccess: true, depth: 0 })
      expect(doc.owner ?? null).toBeNull()
      expect(doc.ownerEmail ?? null).toBeNull()
      expect(doc.claimedAt ?? null).toBeNull()
      expect(doc.licenseSequence).toBeGreaterThanOrEqual(0)
    }
    const first = await server.payload.findByID({ collection: 'controllers', id: carol.controllers[0].id, overrideAccess: true, depth: 0 })
    expect(first.entitlements?.map((e) => e.state)).toEqual(['active'])
    expect(await countOf('licenses', { controller: { equals: carol.controllers[0].id } })).toBe(2)
    const releases = await server.payload.find({ collection: 'audit-events', where: { and: [{ action: { equals: 'controller.released' } }, { actorLabel: { equals: `closed account ${carol.user.id}` } }] }, overrideAccess: true })
    expect(releases.totalDocs).toBe(3)
  })

  test('mail caused later by her old records goes nowhere: a payment on the unpaid order', async () => {
    const unpaid = carol.orders[1]
    const order = await server.payload.findByID({ collection: 'orders', id: unpaid.id, overrideAccess: true })
    expect(order.status).toBe('awaiting_payment')
    const sent = smtp.messages.length
    const paid = await webhookPay(unpaid.number, order.total)
    expect(paid.status).toBe(200)
    expect((await server.payload.findByID({ collection: 'orders', id: unpaid.id, overrideAccess: true })).status).toBe('paid')
    // Another customer's mail, queued after it, arrives — so the runner has run past the payment.
    const other = await createUser(server.payload, 'customer')
    const { queueEmail } = await import('@/mail/queue-email')
    await queueEmail(server.payload, { template: 'verify-email', to: other.email, lang: 'en', context: { name: 'x', url: `${server.url}/verify?token=y` } })
    await smtp.waitFor((m) => recipientOf(m) === other.email)
    const since = smtp.messages.slice(sent)
    expect(since.map(recipientOf)).toEqual([other.email])
    const jobs = await server.payload.find({ collection: 'payload-jobs', overrideAccess: true, limit: 0 })
    expect(JSON.stringify(jobs.docs)).not.toMatch(/@invalid|closed-/)
    expect(await grepDatabase([carol.user.email, NAME, E164])).toEqual([])
  })
})

describe('staff carry out a request from the admin', () => {
  test('a pending request is seen by staff and carried out with {"confirm": true}; the audit entry names the staff member, not the person', async () => {
    const { payload, api } = server
    const dana = await customerWithHistory(server, { name: 'Dana Requester', phone: '+49 30 5550177' })
    expect((await api('POST', '/api/users/request-closure', { token: dana.token })).status).toBe(200)
    await smtp.waitFor((m) => recipientOf(m) === dana.user.email && m.subject === 'Confirm closing your PUMOTIX account')

    const managerUser = await createUser(payload, 'manager')
    const manager = await login(api, managerUser.email, TEST_PASSWORD)
    const pending = await api('GET', `/api/users?where[closureRequestedAt][exists]=true&where[closedAt][exists]=false&depth=0`, { token: manager })
    expect(pending.body.docs.map((u: { id: unknown }) => u.id)).toContain(dana.user.id)

    // The customer cannot do it for someone else, and staff must confirm.
    const other = await customerWithHistory(server)
    expect((await api('POST', `/api/users/${dana.user.id}/close`, { token: other.token, body: { confirm: true } })).status).toBe(403)
    const unconfirmed = await api('POST', `/api/users/${dana.user.id}/close`, { token: manager, body: {} })
    expect([unconfirmed.status, unconfirmed.body.errors[0].message]).toEqual([400, expect.stringMatching(/Send \{"confirm": true\} to go ahead\.$/)])
    expect((await api('POST', '/api/users/999999/close', { token: manager, body: { confirm: true } })).status).toBe(404)

    const closed = await api('POST', `/api/users/${dana.user.id}/close`, { token: manager, body: { confirm: true } })
    expect(closed.status).toBe(200)
    expect(closed.body.report).toMatchObject({ controllersReleased: 2, ordersKept: 2, licensesKept: 3 })
    const entry = (await payload.find({ collection: 'audit-events', where: { and: [{ action: { equals: 'user.closed' } }, { subjectId: { equals: String(dana.user.id) } }] }, overrideAccess: true, depth: 0 })).docs[0]
    expect(entry).toMatchObject({ summary: `Account ${dana.user.id} closed at the person's request (carried out by staff)`, actorLabel: managerUser.email })
    expect(await grepDatabase([dana.user.email, 'Dana Requester', '+49305550177'])).toEqual([])
    // Her confirmation link no longer works, and closing twice is a 409.
    const link = (await smtp.waitFor((m) => recipientOf(m) === dana.user.email && m.subject === 'Confirm closing your PUMOTIX account')).text ?? ''
    const token = new URL(link.match(/https?:\/\/\S+close-account\S+/)![0]).searchParams.get('token')!
    expect((await api('POST', '/api/users/confirm-closure', { body: { token } })).status).toBe(400)
    const twice = await api('POST', `/api/users/${dana.user.id}/close`, { token: manager, body: { confirm: true } })
    expect([twice.status, twice.body.errors[0].message]).toEqual([409, expect.stringMatching(/^Account \d+ was closed on \d{4}-\d{2}-\d{2}\.$/)])
    // Still listed by id, no longer as pending.
    const after = await api('GET', `/api/users?where[closureRequestedAt][exists]=true&where[closedAt][exists]=false&depth=0`, { token: manager })
    expect(after.body.docs.map((u: { id: unknown }) => u.id)).not.toContain(dana.user.id)
  })

  test('accounts with a staff role are not closed this way; the message says what to do', async () => {
    const { payload, api } = server
    const admin = await createUser(payload, 'admin')
    const adminToken = await login(api, admin.email, TEST_PASSWORD)
    const editor = await createUser(payload, 'editor')
    const res = await api('POST', `/api/users/${editor.id}/close`, { token: adminToken, body: { confirm: true } })
    expect([res.status, res.body.errors[0].message]).toEqual([409, `Account ${editor.id} has the role editor; an administrator removes it before the account can be closed.`])
    const own = await api('POST', '/api/users/request-closure', { token: adminToken })
    expect(own.status).toBe(409)
  })
})
