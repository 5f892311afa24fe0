import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { login } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, createUsersOfEveryRole, TEST_PASSWORD } from '../support/users'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_LOGIN: '1000' }) // the login tests here are not about the rate limit (test/hardening is)
})
afterAll(async () => {
  await server?.close()
})

const registration = (overrides: Record<string, unknown> = {}) => ({
  email: `new-${Math.random().toString(36).slice(2)}@example.test`,
  password: 'a-long-password-1',
  name: 'Nina Customer',
  phone: '+7 (912) 345-67-89',
  privacyAccepted: true,
  ...overrides,
})

describe('registration', () => {
  test('public registration creates a customer whatever roles the body claims, phone stored in E.164', async () => {
    const body = registration({ roles: ['admin'] })
    const res = await server.api('POST', '/api/users', { body })
    expect(res.status).toBe(201)
    // The answer names no account: it reads the same for an address that already has one (test/accounts/enumeration.test.ts).
    expect(res.body.doc).toBeUndefined()
    const stored = (await server.payload.find({ collection: 'users', where: { email: { equals: body.email } }, overrideAccess: true })).docs[0]
    expect(stored.roles).toEqual(['customer'])
    expect(stored.phone).toBe('+79123456789')
    expect(stored.isCustomer).toBe(true) // what a manager's read rule looks at (collections/Users/access.ts)
  })

  test('a registered but unverified customer cannot log in until the e-mail is verified', async () => {
    const body = registration()
    expect((await server.api('POST', '/api/users', { body })).status).toBe(201)
    const res = await server.api('POST', '/api/users/login', { body: { email: body.email, password: body.password } })
    expect(res.status).toBe(403)
    expect(res.text).toMatch(/verif/i)
  })

  test.each([
    ['name', { name: undefined }, /name/i],
    ['email', { email: 'not-an-email' }, /email/i],
    ['phone (missing)', { phone: undefined }, /phone/i],
    ['phone (malformed)', { phone: '12' }, /phone/i],
    ['password', { password: undefined }, /password/i],
    ['privacy consent', { privacyAccepted: undefined }, /privacy/i],
  ])('bad %s gets a 400 naming the field, never a 500', async (_label, overrides, field) => {
    const body = registration(overrides)
    const res = await server.api('POST', '/api/users', { body })
    expect(res.status).toBe(400)
    expect(JSON.stringify(res.body)).toMatch(field)
    const count = await server.payload.count({ collection: 'users', where: { email: { equals: String(body.email) } }, overrideAccess: true })
    expect(count.totalDocs).toBe(0)
  })

  test('a malformed JSON body gets a 4xx, not a 500', async () => {
    const res = await server.api('POST', '/api/users', { rawBody: '{"email": ', headers: { 'content-type': 'application/json' } })
    expect(res.status).toBeGreaterThanOrEqual(400)
    expect(res.status).toBeLessThan(500)
  })
})

describe('access', () => {
  test('a customer reads only their own user record and cannot change their roles', async () => {
    const users = await createUsersOfEveryRole(server.payload)
    const token = await login(server.api, users.customer.email, TEST_PASSWORD)
    const list = await server.api('GET', '/api/users?limit=100', { token })
    expect(list.status).toBe(200)
    expect(list.body.docs.map((u: { id: unknown }) => String(u.id))).toEqual([String(users.customer.id)])

    const other = await server.api('GET', `/api/users/${users.customer2.id}`, { token })
    expect([403, 404]).toContain(other.status)

    const promote = await server.api('PATCH', `/api/users/${users.customer.id}`, { token, body: { roles: ['admin'], name: 'Renamed' } })
    expect(promote.status).toBe(200)
    const stored = await server.payload.findByID({ collection: 'users', id: users.customer.id, overrideAccess: true })
    expect(stored.roles).toEqual(['customer'])
    expect(stored.name).toBe('Renamed')
  })

  test('only admin, manager and editor may open the admin UI', async () => {
    const users = await createUsersOfEveryRole(server.payload)
    for (const [role, user] of Object.entries(users)) {
      const token = await login(server.api, user.email, TEST_PASSWORD)
      const access = await server.api('GET', '/api/access', { token })
      expect(access.status).toBe(200)
      expect({ role, canAccessAdmin: access.body.canAccessAdmin === true }).toEqual({ role, canAccessAdmin: !role.startsWith('customer') })
    }
  })

  test('only an admin changes roles', async () => {
    const users = await createUsersOfEveryRole(server.payload)
    const managerToken = await login(server.api, users.manager.email, TEST_PASSWORD)
    await server.api('PATCH', `/api/users/${users.customer.id}`, { token: managerToken, body: { roles: ['admin'] } })
    expect((await server.payload.findByID({ collection: 'users', id: users.customer.id, overrideAccess: true })).roles).toEqual(['customer'])

    const adminToken = await login(server.api, users.admin.email, TEST_PASSWORD)
    const res = await server.api('PATCH', `/api/users/${users.customer.id}`, { token: adminToken, body: { roles: ['manager'] } })
    expect(res.status).toBe(200)
    expect((await server.payload.findByID({ collection: 'users', id: users.customer.id, overrideAccess: true })).roles).toEqual(['manager'])
  })

  test('a manager sees customers but not other staff; an editor sees only themselves', async () => {
    const users = await createUsersOfEveryRole(server.payload)
    const managerToken = await login(server.api, users.manager.email, TEST_PASSWORD)
    const seen = await server.api('GET', '/api/users?limit=1000', { token: managerToken })
    const roles = new Set(seen.body.docs.flatMap((u: { roles: string[]; id: unknown }) => (String(u.id) === String(users.manager.id) ? [] : u.roles)))
    expect([...roles]).toEqual(['customer'])
    const editorToken = await login(server.api, users.editor.email, TEST_PASSWORD)
    const editorSees = await server.api('GET', '/api/users?limit=1000', { token: editorToken })
    expect(editorSees.body.docs.map((u: { id: unknown }) => String(u.id))).toEqual([String(users.editor.id)])
  })
})

test('a wrong password repeated past the limit locks the account, even for the right password (429 with the time left)', async () => {
  const user = await createUser(server.payload, 'customer')
  for (let i = 0; i < 5; i++) {
    const res = await server.api('POST', '/api/users/login', { body: { email: user.email, password: 'wrong-password' } })
    expect(res.status).toBe(401)
  }
  const locked = await server.api('POST', '/api/users/login', { body: { email: user.email, password: TEST_PASSWORD } })
  expect(locked.status).toBe(429)
  expect(locked.body.errors[0].message).toMatch(/^Too many failed logins for this account\. Please try again in \d+ minutes?, or reset your password\.$/)
  expect(Number(locked.headers.get('retry-after'))).toBeGreaterThan(0)
})

test('logins of one account at the same moment each get a session the server accepts', async () => {
  const user = await createUser(server.payload, 'customer')
  for (let round = 0; round < 5; round++) {
    const tokens = await Promise.all(Array.from({ length: 4 }, () => login(server.api, user.email, TEST_PASSWORD)))
    const me = await Promise.all(tokens.map((token) => server.api('GET', '/api/users/me', { token })))
    expect(me.map((r) => String(r.body.user?.id))).toEqual(Array(4).fill(String(user.id)))
  }
})

test('wrong passwords at the same moment are all counted: five at once lock the account', async () => {
  const user = await createUser(server.payload, 'customer')
  const wrong = await Promise.all(Array.from({ length: 5 }, () => server.api('POST', '/api/users/login', { body: { email: user.email, password: 'wrong-password' } })))
  expect(wrong.map((r) => r.status)).toEqual(Array(5).fill(401))
  const locked = await server.api('POST', '/api/users/login', { body: { email: user.email, password: TEST_PASSWORD } })
  expect(locked.status).toBe(429)
  expect(locked.body.errors[0].data).toEqual({ accountLocked: true })
})
