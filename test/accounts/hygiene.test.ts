/**
 * No answer carries password data, session lists, tokens or lock counters — whoever asks, at any depth,
 * read directly, through /me, the login and reset answers, or populated from another collection.
 * Every JSON answer is walked for the forbidden keys. Real server, real SQLite.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { login } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'
import { createOption, customerWithEverything, type CustomerSet } from '../hardening/fixtures'

const FORBIDDEN = ['hash', 'salt', 'password', 'sessions', '_verificationToken', 'resetPasswordToken', 'resetPasswordExpiration', 'loginAttempts', 'lockUntil']

let server: TestServer
let customer: CustomerSet
let tokens: Record<'customer' | 'manager' | 'admin', string>
let ids: { manager: string | number; admin: string | number }

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_LOGIN: '1000' })
  const option = (await createOption(server.payload, { code: 'THC' })) as never
  customer = await customerWithEverything(server.payload, option)
  const manager = await createUser(server.payload, 'manager')
  const admin = await createUser(server.payload, 'admin')
  ids = { manager: manager.id, admin: admin.id }
  tokens = { customer: customer.token, manager: await login(server.api, manager.email, TEST_PASSWORD), admin: await login(server.api, admin.email, TEST_PASSWORD) }
  // Give the rows everything there is to leak: failed logins, a reset token, an audit entry with a staff actor.
  await server.api('POST', '/api/users/login', { body: { email: customer.user.email, password: 'wrong-password' } })
  await server.api('POST', '/api/users/login', { body: { email: manager.email, password: 'wrong-password' } })
  await server.payload.forgotPassword({ collection: 'users', data: { email: customer.user.email }, disableEmail: true })
  expect((await server.api('POST', `/api/users/${customer.user.id}/send-password-reset`, { token: tokens.manager })).status).toBe(200)
  expect((await server.api('PATCH', `/api/users/${customer.user.id}`, { token: tokens.admin, body: { roles: ['customer', 'editor'] } })).status).toBe(200)
  const raw = (await server.payload.db.findOne({ collection: 'users', where: { id: { equals: customer.user.id } } })) as Record<string, unknown>
  // The fixture is what the test claims: the stored row has each of these.
  for (const key of ['hash', 'salt', 'sessions', 'resetPasswordToken', 'loginAttempts']) expect({ key, present: Boolean(raw[key]) }).toEqual({ key, present: true })
})
afterAll(async () => {
  await server?.close()
})

/** Every path in `value` whose last key is forbidden. */
function leaks(value: unknown, path = '$'): string[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => leaks(v, `${path}[${i}]`))
  if (!value || typeof value !== 'object') return []
  return Object.entries(value).flatMap(([k, v]) => [...(FORBIDDEN.includes(k) ? [`${path}.${k}`] : []), ...leaks(v, `${path}.${k}`)])
}

async function expectClean(method: string, path: string, token?: string, body?: unknown) {
  const res = await server.api(method, path, { token, body })
  expect({ path, status: res.status < 400 }).toEqual({ path, status: true })
  expect({ path, leaks: leaks(res.body) }).toEqual({ path, leaks: [] })
  return res
}

const depths = [0, 1, 2, 3]

test('the customer: their account, /me and what populates it, at every depth', async () => {
  const t = tokens.customer
  for (const depth of depths) {
    await expectClean('GET', `/api/users/me?depth=${depth}`, t)
    await expectClean('GET', `/api/users/${customer.user.id}?depth=${depth}`, t)
    await expectClean('GET', `/api/users?depth=${depth}`, t)
    await expectClean('GET', `/api/orders?depth=${depth}`, t)
    await expectClean('GET', `/api/controllers?depth=${depth}`, t)
    await expectClean('GET', `/api/licenses?depth=${depth}`, t)
  }
  await expectClean('GET', `/api/users/${customer.user.id}?select[hash]=true&select[salt]=true&select[sessions]=true&select[resetPasswordToken]=true`, t)
  await expectClean('POST', '/api/users/refresh-token', t)
})

test('staff: customers, themselves and every collection that populates users, at every depth', async () => {
  for (const role of ['manager', 'admin'] as const) {
    const t = tokens[role]
    for (const depth of depths) {
      await expectClean('GET', `/api/users?depth=${depth}&limit=100`, t)
      await expectClean('GET', `/api/users/${customer.user.id}?depth=${depth}`, t)
      await expectClean('GET', `/api/users/${ids[role]}?depth=${depth}`, t)
      await expectClean('GET', `/api/users/me?depth=${depth}`, t)
      await expectClean('GET', `/api/orders?depth=${depth}`, t)
      await expectClean('GET', `/api/controllers?depth=${depth}`, t)
      await expectClean('GET', `/api/licenses?depth=${depth}`, t)
      await expectClean('GET', `/api/audit-events?depth=${depth}&limit=100`, t)
    }
  }
  const audit = await server.api('GET', '/api/audit-events?depth=2&limit=100', { token: tokens.admin })
  // The walk saw populated users (an entry's actor), not just ids.
  expect(audit.body.docs.some((e: { actor?: unknown }) => typeof e.actor === 'object' && e.actor !== null)).toBe(true)
})

test('the answers of login, reset-password and verification carry no secrets either', async () => {
  for (const depth of depths) {
    await expectClean('POST', `/api/users/login?depth=${depth}`, undefined, { email: customer.user.email, password: TEST_PASSWORD })
  }
  const fresh = await createUser(server.payload, 'customer')
  const token = await server.payload.forgotPassword({ collection: 'users', data: { email: fresh.email }, disableEmail: true })
  await expectClean('POST', '/api/users/reset-password', undefined, { token, password: 'a-new-password-1' })
  const email = `verify-${Date.now()}@example.test`
  await expectClean('POST', '/api/users', undefined, { email, password: 'a-long-password-1', name: 'Vera', phone: '+49 30 1234567', privacyAccepted: true })
  const row = (await server.payload.db.findOne({ collection: 'users', where: { email: { equals: email } } })) as unknown as { _verificationToken: string }
  await expectClean('POST', '/api/users/verify-and-login', undefined, { token: row._verificationToken })
})
