/**
 * Staff never set or learn a customer's password: they send a reset link (POST /api/users/:id/send-password-reset,
 * in the audit log with who sent it), the customer chooses the password. Real server, SQLite and SMTP.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { mailQueueDrained, mailsTo, startAccountsWorld, type AccountsWorld } from '../support/accounts'
import { linkIn } from '../support/mail-headers'
import { login } from '../support/http'
import { createUser, TEST_PASSWORD } from '../support/users'

let world: AccountsWorld
const server = () => world.server

beforeAll(async () => {
  world = await startAccountsWorld({ RATE_LIMIT_LOGIN: '1000' })
})
afterAll(async () => {
  await world?.close()
})

const canLogIn = async (email: string, password: string) => (await server().api('POST', '/api/users/login', { body: { email, password } })).status === 200

describe('the reset link', () => {
  test('a manager sends it: recorded with the manager as actor; the customer gets it in their language and chooses a password; then they are told it changed', async () => {
    const customer = await createUser(server().payload, 'customer', { language: 'ru' })
    const manager = await createUser(server().payload, 'manager')
    const token = await login(server().api, manager.email, TEST_PASSWORD)
    const res = await server().api('POST', `/api/users/${customer.id}/send-password-reset`, { token })
    expect(res.status).toBe(200)
    expect(res.body.message).toContain(customer.email)
    expect(JSON.stringify(res.body)).not.toMatch(/token=/)

    const audit = await server().payload.find({
      collection: 'audit-events',
      where: { and: [{ action: { equals: 'user.password_reset_sent' } }, { subjectId: { equals: String(customer.id) } }] },
      overrideAccess: true,
      depth: 0,
    })
    expect(audit.docs).toHaveLength(1)
    expect(audit.docs[0]).toMatchObject({ actor: manager.id, actorLabel: manager.email, subjectCollection: 'users' })

    const mail = await world.smtp.waitFor((m) => mailsTo(world.smtp, customer.email).includes(m))
    expect(mail.subject).toBe('Сброс пароля PUMOTIX')
    const link = linkIn(mail, `${server().url}/reset-password?token=`)
    const resetToken = new URL(link).searchParams.get('token')
    const reset = await server().api('POST', '/api/users/reset-password', { body: { token: resetToken, password: 'chosen-by-customer-1' } })
    expect(reset.status).toBe(200)
    expect(await canLogIn(customer.email, 'chosen-by-customer-1')).toBe(true)
    expect(await canLogIn(customer.email, TEST_PASSWORD)).toBe(false)
    const changed = await world.smtp.waitFor((m) => mailsTo(world.smtp, customer.email, /изменён/).includes(m))
    expect(changed.html).toContain('<html lang="ru">')
    await mailQueueDrained(server())
    expect(mailsTo(world.smtp, customer.email)).toHaveLength(2)
  })

  test('customers and editors may not send it (403); a manager cannot reach an admin (404); unknown ids are 404', async () => {
    const customer = await createUser(server().payload, 'customer')
    const other = await createUser(server().payload, 'customer')
    const editor = await createUser(server().payload, 'editor')
    const admin = await createUser(server().payload, 'admin')
    const manager = await createUser(server().payload, 'manager')
    const send = async (who: { email: string }, id: string | number) =>
      (await server().api('POST', `/api/users/${id}/send-password-reset`, { token: await login(server().api, who.email, TEST_PASSWORD) })).status
    expect(await send(customer, other.id)).toBe(403)
    expect(await send(customer, customer.id)).toBe(403)
    expect(await send(editor, customer.id)).toBe(403)
    expect(await send(manager, admin.id)).toBe(404)
    expect(await send(manager, 99999999)).toBe(404)
    expect(await send(manager, 'not-an-id')).toBe(404)
    expect((await server().api('POST', `/api/users/${customer.id}/send-password-reset`)).status).toBe(401)
    await mailQueueDrained(server())
    for (const u of [customer, other, admin]) expect(mailsTo(world.smtp, u.email)).toHaveLength(0)
  })
})

describe('unlock', () => {
  test("staff's unlock lifts the login throttle of the address; customers may not unlock", async () => {
    const customer = await createUser(server().payload, 'customer')
    for (let i = 0; i < 5; i++) expect((await server().api('POST', '/api/users/login', { body: { email: customer.email, password: 'mistyped' } })).status).toBe(401)
    expect((await server().api('POST', '/api/users/login', { body: { email: customer.email, password: TEST_PASSWORD } })).status).toBe(429)
    const other = await createUser(server().payload, 'customer')
    const asCustomer = await server().api('POST', '/api/users/unlock', { token: await login(server().api, other.email, TEST_PASSWORD), body: { email: customer.email } })
    expect(asCustomer.status).toBe(403)
    const manager = await createUser(server().payload, 'manager')
    const unlocked = await server().api('POST', '/api/users/unlock', { token: await login(server().api, manager.email, TEST_PASSWORD), body: { email: customer.email } })
    expect(unlocked.status).toBe(200)
    expect(await canLogIn(customer.email, TEST_PASSWORD)).toBe(true)
  })
})

describe('staff cannot set a password', () => {
  test('not by update, and the admin does not offer it (no create or update access on the password field)', async () => {
    const customer = await createUser(server().payload, 'customer')
    for (const role of ['manager', 'admin'] as const) {
      const staff = await createUser(server().payload, role)
      const token = await login(server().api, staff.email, TEST_PASSWORD)
      const res = await server().api('PATCH', `/api/users/${customer.id}`, { token, body: { password: 'staff-knows-it-1' } })
      expect(res.status).toBe(403)
      const access = await server().api('POST', `/api/users/access/${customer.id}`, { token, body: {} })
      expect(access.status).toBe(200)
      // Present (so the admin looks at it) and neither create nor update: the admin shows no password inputs.
      expect(access.body.fields.password).toEqual({ read: true })
    }
    expect(await canLogIn(customer.email, 'staff-knows-it-1')).toBe(false)
    expect(await canLogIn(customer.email, TEST_PASSWORD)).toBe(true)
  })

  test('an account staff create gets a password nobody knows; a customer account needs the consent the customer gave', async () => {
    const manager = await createUser(server().payload, 'manager')
    const token = await login(server().api, manager.email, TEST_PASSWORD)
    const email = `by-staff-${Date.now()}@example.test`
    const data = { email, name: 'Phoned In', phone: '+49 30 1234567', password: 'staff-knows-it-1', _verified: true }
    const noConsent = await server().api('POST', '/api/users', { token, body: data })
    expect(noConsent.status).toBe(400)
    expect(JSON.stringify(noConsent.body)).toMatch(/privacyAccepted/)
    const created = await server().api('POST', '/api/users', { token, body: { ...data, privacyAcceptedAt: '2026-12-01T10:00:00.000Z' } })
    expect(created.status).toBe(201)
    expect(created.body.doc).toMatchObject({ email, roles: ['customer'], privacyAcceptedAt: '2026-12-01T10:00:00.000Z' })
    expect(await canLogIn(email, 'staff-knows-it-1')).toBe(false)
    // The way in for the customer: the reset link.
    expect((await server().api('POST', `/api/users/${created.body.doc.id}/send-password-reset`, { token })).status).toBe(200)
    await world.smtp.waitFor((m) => mailsTo(world.smtp, email).includes(m) && /reset-password\?token=/.test(m.text ?? ''))
  })
})
