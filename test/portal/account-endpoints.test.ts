/** The users endpoints behind the portal's account pages: consent, verify-and-login, password and e-mail change. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { signEmailChange } from '@collections/Users/email-change-token'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
})

const newCustomer = (extra: Record<string, unknown> = {}) => ({
  email: `p-${Math.random().toString(36).slice(2)}@example.test`,
  password: 'a-long-password-1',
  name: 'Paula Portal',
  phone: '+49 30 1234567',
  ...extra,
})

const cookieOf = (res: { headers: Headers }) => (res.headers.get('set-cookie') ?? '').split(';')[0]
/** A browser sends its origin with the cookie; Payload accepts a cookie only from an allowed origin. */
const browser = (cookie: string) => ({ cookie, origin: server.url })

async function sessionCookie(email: string, password = TEST_PASSWORD) {
  const res = await server.api('POST', '/api/users/login', { body: { email, password } })
  expect(res.status).toBe(200)
  return cookieOf(res)
}

describe('registration consent', () => {
  test('public registration without accepting the privacy policy gets a 400 naming the consent', async () => {
    const res = await server.api('POST', '/api/users', { body: newCustomer() })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toMatch(/privacyAccepted/)
  })

  test('with consent the account is created and the moment is recorded by the server', async () => {
    const body = newCustomer({ privacyAccepted: true, privacyAcceptedAt: '2001-01-01T00:00:00.000Z' })
    const res = await server.api('POST', '/api/users', { body })
    expect(res.status).toBe(201)
    // The answer carries no account (it must read the same for an address that already has one).
    const stored = (await server.payload.find({ collection: 'users', where: { email: { equals: body.email } }, overrideAccess: true })).docs[0]
    expect(Date.now() - new Date(String((stored as any).privacyAcceptedAt)).getTime()).toBeLessThan(60_000)
  })
})

describe('verify-and-login', () => {
  test('the e-mailed token verifies the address and sets the session cookie, once', async () => {
    const body = newCustomer({ privacyAccepted: true })
    const created = await server.api('POST', '/api/users', { body })
    expect(created.status).toBe(201)
    const raw = (await server.payload.db.findOne({ collection: 'users', where: { email: { equals: body.email } } })) as any
    const token = raw._verificationToken as string
    expect(token).toBeTruthy()

    const res = await server.api('POST', '/api/users/verify-and-login', { body: { token } })
    expect(res.status).toBe(200)
    const cookie = cookieOf(res)
    expect(cookie).toMatch(/^payload-token=/)
    const me = await server.api('GET', '/api/users/me', { headers: browser(cookie) })
    expect(me.body.user?.email).toBe(body.email)

    const again = await server.api('POST', '/api/users/verify-and-login', { body: { token } })
    expect(again.status).toBe(400)
    expect(again.body.errors[0].message).toMatch(/invalid or has already been used/)
  })

  test.each([[{}], [{ token: 'nope' }], [{ token: 42 }]])('a missing or unknown token gets a 400: %j', async (body) => {
    const res = await server.api('POST', '/api/users/verify-and-login', { body })
    expect(res.status).toBe(400)
  })
})

describe('change password', () => {
  test('needs the current password; keeps this session and ends the others', async () => {
    const user = await createUser(server.payload, 'customer')
    const cookie = await sessionCookie(user.email)
    const other = await sessionCookie(user.email)

    const wrong = await server.api('POST', '/api/users/change-password', { headers: browser(cookie), body: { currentPassword: 'nope-nope', newPassword: 'brand-new-pass' } })
    expect(wrong.status).toBe(400)
    expect(JSON.stringify(wrong.body)).toMatch(/currentPassword/)
    const short = await server.api('POST', '/api/users/change-password', { headers: browser(cookie), body: { currentPassword: TEST_PASSWORD, newPassword: 'short' } })
    expect(short.status).toBe(400)
    expect(JSON.stringify(short.body)).toMatch(/newPassword/)
    const anon = await server.api('POST', '/api/users/change-password', { body: { currentPassword: TEST_PASSWORD, newPassword: 'brand-new-pass' } })
    expect(anon.status).toBe(401)

    const ok = await server.api('POST', '/api/users/change-password', { headers: browser(cookie), body: { currentPassword: TEST_PASSWORD, newPassword: 'brand-new-pass' } })
    expect(ok.status).toBe(200)
    expect((await server.api('GET', '/api/users/me', { headers: browser(cookie) })).body.user?.id).toBe(user.id)
    expect((await server.api('GET', '/api/users/me', { headers: browser(other) })).body.user).toBeFalsy()
    expect((await server.api('POST', '/api/users/login', { body: { email: user.email, password: TEST_PASSWORD } })).status).toBe(401)
    expect((await server.api('POST', '/api/users/login', { body: { email: user.email, password: 'brand-new-pass' } })).status).toBe(200)
  })
})

describe('change e-mail', () => {
  test('the new address is pending until its signed link is followed; the link works once', async () => {
    const user = await createUser(server.payload, 'customer')
    const taken = await createUser(server.payload, 'customer')
    const cookie = await sessionCookie(user.email)
    const next = `moved-${Date.now()}@example.test`

    expect((await server.api('POST', '/api/users/change-email', { headers: browser(cookie), body: { email: next, password: 'wrong-one' } })).status).toBe(400)
    expect((await server.api('POST', '/api/users/change-email', { headers: browser(cookie), body: { email: 'not-mail', password: TEST_PASSWORD } })).status).toBe(400)
    const dup = await server.api('POST', '/api/users/change-email', { headers: browser(cookie), body: { email: taken.email, password: TEST_PASSWORD } })
    expect(dup.status).toBe(400)
    expect(dup.body.errors[0].data.errors[0].path).toBe('email')

    const req = await server.api('POST', '/api/users/change-email', { headers: browser(cookie), body: { email: next, password: TEST_PASSWORD } })
    expect(req.status).toBe(200)
    let stored = (await server.payload.findByID({ collection: 'users', id: user.id, overrideAccess: true })) as any
    expect(stored.email).toBe(user.email)
    expect(stored.pendingEmail).toBe(next)

    const token = signEmailChange(server.payload.secret, user.id, next)
    expect((await server.api('POST', '/api/users/confirm-email', { body: { token: token.slice(0, -2) + 'xx' } })).status).toBe(400)
    const ok = await server.api('POST', '/api/users/confirm-email', { body: { token } })
    expect(ok.status).toBe(200)
    stored = await server.payload.findByID({ collection: 'users', id: user.id, overrideAccess: true })
    expect(stored.email).toBe(next)
    expect(stored.pendingEmail).toBeFalsy()
    expect((await server.api('POST', '/api/users/confirm-email', { body: { token } })).status).toBe(400)
  })

  test('a customer cannot set pendingEmail or privacyAcceptedAt directly', async () => {
    const user = await createUser(server.payload, 'customer')
    const cookie = await sessionCookie(user.email)
    const res = await server.api('PATCH', `/api/users/${user.id}`, { headers: browser(cookie), body: { pendingEmail: 'x@example.test', privacyAcceptedAt: '2000-01-01T00:00:00.000Z' } })
    expect(res.status).toBe(200)
    const stored = (await server.payload.findByID({ collection: 'users', id: user.id, overrideAccess: true })) as any
    expect(stored.pendingEmail).toBeFalsy()
    expect(stored.privacyAcceptedAt).toBeFalsy()
  })
})
