/**
 * A stolen session (or a staff member) must not take an account over: the e-mail address changes only
 * through the confirmation link, the password only with the current password or a reset link — through
 * every way into Payload's update and create. The real server, real SQLite, real SMTP.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { signEmailChange } from '@collections/Users/email-change-token'
import { browserSession, mailQueueDrained, mailsTo, startAccountsWorld, type AccountsWorld } from '../support/accounts'
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

const stored = async (id: string | number) => server().payload.findByID({ collection: 'users', id, overrideAccess: true, depth: 0 })
const canLogIn = async (email: string, password: string) => (await server().api('POST', '/api/users/login', { body: { email, password } })).status === 200

/** The account is as it was: same address, the old password logs in, the attacker's does not. */
async function expectUntouched(user: { id: string | number; email: string }) {
  expect((await stored(user.id)).email).toBe(user.email)
  expect(await canLogIn(user.email, TEST_PASSWORD)).toBe(true)
  expect(await canLogIn(user.email, 'attacker-password-1')).toBe(false)
  expect(await canLogIn('attacker@example.test', TEST_PASSWORD)).toBe(false)
}

describe("Payload's update cannot set the e-mail address or the password", () => {
  const attempts: Array<[string, Record<string, unknown>]> = [
    ['email', { email: 'attacker@example.test' }],
    ['password', { password: 'attacker-password-1' }],
    ['both', { email: 'attacker@example.test', password: 'attacker-password-1', name: 'Mallory' }],
  ]

  test.each(['customer', 'manager', 'admin'] as const)('as %s: PATCH /api/users/:id (also ?depth=0 and the bulk form) is refused with a 403 and changes nothing', async (role) => {
    const victim = await createUser(server().payload, 'customer')
    const actor = role === 'customer' ? victim : await createUser(server().payload, role)
    const token = await login(server().api, actor.email, TEST_PASSWORD)
    for (const [what, body] of attempts) {
      for (const path of [`/api/users/${victim.id}`, `/api/users/${victim.id}?depth=0`, `/api/users?where[id][equals]=${victim.id}`]) {
        const res = await server().api('PATCH', path, { token, body })
        expect({ what, path, status: res.status }).toEqual({ what, path, status: 403 })
        expect(res.body.errors[0].message).toMatch(what === 'password' ? /change-password|reset link/ : /confirmation link|change-password|reset link/)
      }
    }
    expect((await stored(victim.id)).name).toBe(victim.name)
    await expectUntouched(victim)
  })

  test("the admin's form (multipart _payload) may send the unchanged address with other fields", async () => {
    const customer = await createUser(server().payload, 'customer')
    const admin = await createUser(server().payload, 'admin')
    const token = await login(server().api, admin.email, TEST_PASSWORD)
    const form = new FormData()
    form.set('_payload', JSON.stringify({ email: customer.email, name: 'Renamed by staff' }))
    const res = await fetch(`${server().url}/api/users/${customer.id}`, { method: 'PATCH', headers: { authorization: `JWT ${token}` }, body: form })
    expect(res.status).toBe(200)
    expect((await stored(customer.id)).name).toBe('Renamed by staff')
    form.set('_payload', JSON.stringify({ email: 'attacker@example.test', name: 'Renamed again' }))
    const changed = await fetch(`${server().url}/api/users/${customer.id}`, { method: 'PATCH', headers: { authorization: `JWT ${token}` }, body: form })
    expect(changed.status).toBe(403)
    await expectUntouched(customer)
  })

  test('a method override does not turn a POST into an update', async () => {
    const victim = await createUser(server().payload, 'customer')
    const token = await login(server().api, victim.email, TEST_PASSWORD)
    for (const header of ['X-HTTP-Method-Override', 'X-Payload-HTTP-Method-Override']) {
      for (const method of ['PATCH', 'PUT']) {
        const res = await server().api('POST', `/api/users/${victim.id}`, { token, headers: { [header]: method }, body: { email: 'attacker@example.test', password: 'attacker-password-1' } })
        expect({ header, method, ok: res.status >= 400 && res.status < 500 }).toEqual({ header, method, ok: true })
      }
    }
    await expectUntouched(victim)
  })

  test('duplicate is closed: POST /api/users/:id/duplicate makes no account, for the owner or an admin', async () => {
    const victim = await createUser(server().payload, 'customer')
    const admin = await createUser(server().payload, 'admin')
    const before = (await server().payload.count({ collection: 'users', overrideAccess: true })).totalDocs
    for (const who of [victim, admin]) {
      const token = await login(server().api, who.email, TEST_PASSWORD)
      const res = await server().api('POST', `/api/users/${victim.id}/duplicate`, { token, body: { email: 'attacker@example.test', password: 'attacker-password-1' } })
      expect(res.status).toBeGreaterThanOrEqual(400)
      expect(res.status).toBeLessThan(500)
    }
    expect((await server().payload.count({ collection: 'users', overrideAccess: true })).totalDocs).toBe(before)
    expect(await canLogIn('attacker@example.test', 'attacker-password-1')).toBe(false)
  })

  test('a visitor cannot create an account through Payload with a chosen role or a verified address', async () => {
    const email = `sneaky-${Date.now()}@example.test`
    const res = await server().api('POST', '/api/users', {
      body: { email, password: 'a-long-password-1', name: 'Sneaky', phone: '+49 30 1234567', privacyAccepted: true, roles: ['admin'], _verified: true },
    })
    expect(res.status).toBe(201)
    const made = (await server().payload.find({ collection: 'users', where: { email: { equals: email } }, overrideAccess: true })).docs[0]
    expect(made.roles).toEqual(['customer'])
    expect(made._verified).toBe(false)
  })
})

describe('the e-mail address changes through the confirmation link', () => {
  test('the change works, and the old address is told exactly once', async () => {
    const user = await createUser(server().payload, 'customer', { language: 'ru' })
    const headers = await browserSession(server(), user.email, TEST_PASSWORD)
    const next = `moved-${Date.now()}@example.test`
    const asked = await server().api('POST', '/api/users/change-email', { headers, body: { email: next, password: TEST_PASSWORD } })
    expect(asked.status).toBe(200)
    const token = signEmailChange(server().payload.secret, user.id, next)
    expect((await server().api('POST', '/api/users/confirm-email', { body: { token } })).status).toBe(200)
    expect((await stored(user.id)).email).toBe(next)
    await world.smtp.waitFor((m) => mailsTo(world.smtp, user.email).includes(m))
    await mailQueueDrained(server())
    const told = mailsTo(world.smtp, user.email, /изменён/)
    expect(told).toHaveLength(1)
    expect(told[0].text).toContain(next)
    expect(mailsTo(world.smtp, user.email)).toHaveLength(1)
    expect(await canLogIn(next, TEST_PASSWORD)).toBe(true)
  })

  test('a wrong password asks for no change', async () => {
    const user = await createUser(server().payload, 'customer')
    const headers = await browserSession(server(), user.email, TEST_PASSWORD)
    const res = await server().api('POST', '/api/users/change-email', { headers, body: { email: `x-${Date.now()}@example.test`, password: 'not-the-password' } })
    expect(res.status).toBe(400)
    expect((await stored(user.id)).pendingEmail).toBeFalsy()
  })
})

describe('the password changes with the current password', () => {
  test('works; the owner gets exactly one mail, in their language', async () => {
    const user = await createUser(server().payload, 'customer', { language: 'ru' })
    const headers = await browserSession(server(), user.email, TEST_PASSWORD)
    const res = await server().api('POST', '/api/users/change-password', { headers, body: { currentPassword: TEST_PASSWORD, newPassword: 'a-brand-new-password' } })
    expect(res.status).toBe(200)
    expect(await canLogIn(user.email, 'a-brand-new-password')).toBe(true)
    expect(await canLogIn(user.email, TEST_PASSWORD)).toBe(false)
    await world.smtp.waitFor((m) => mailsTo(world.smtp, user.email).includes(m))
    await mailQueueDrained(server())
    const mails = mailsTo(world.smtp, user.email)
    expect(mails).toHaveLength(1)
    expect(mails[0].subject).toBe('Пароль учётной записи PUMOTIX изменён')
    expect(mails[0].html).toContain('<html lang="ru">')
  })

  test('a wrong current password is refused (400) and the password stays', async () => {
    const user = await createUser(server().payload, 'customer')
    const headers = await browserSession(server(), user.email, TEST_PASSWORD)
    for (const currentPassword of ['not-the-password', '', undefined, 42]) {
      const res = await server().api('POST', '/api/users/change-password', { headers, body: { currentPassword, newPassword: 'attacker-password-1' } })
      expect({ currentPassword, status: res.status }).toEqual({ currentPassword, status: 400 })
      expect(JSON.stringify(res.body)).toMatch(/currentPassword/)
    }
    await expectUntouched(user)
    await mailQueueDrained(server())
    expect(mailsTo(world.smtp, user.email)).toHaveLength(0)
  })
})
