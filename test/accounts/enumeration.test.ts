/**
 * Registration, login, the login throttle and forgot-password answer alike for an address that has an
 * account and one that has not (status, body and message), and a stranger's wrong passwords cannot lock
 * the owner out. Real server (TRUST_PROXY=1, so each test speaks from client addresses of its own via
 * X-Forwarded-For), real SQLite, real SMTP.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { mailQueueDrained, mailsTo, startAccountsWorld, type AccountsWorld } from '../support/accounts'
import { createUser, TEST_PASSWORD } from '../support/users'

let world: AccountsWorld
const server = () => world.server

beforeAll(async () => {
  world = await startAccountsWorld({ TRUST_PROXY: '1' })
})
afterAll(async () => {
  await world?.close()
})

let clients = 0
/** A client address no other test uses. */
const newClient = () => `203.0.113.${++clients}`
const unknownAddress = () => `nobody-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`
const login = (from: string, email: string, password: string) =>
  server().api('POST', '/api/users/login', { body: { email, password }, headers: { 'x-forwarded-for': from } })
/** What a response tells: its status and body, without the minutes left (which depend on the clock). */
const told = (res: { status: number; body: unknown }) => ({ status: res.status, body: JSON.parse(JSON.stringify(res.body).replace(/\d+ minutes?/g, 'N minutes')) })

describe('registration', () => {
  const registration = (email: string, extra: Record<string, unknown> = {}) => ({
    email,
    password: 'a-long-password-1',
    name: 'Nina Newcomer',
    phone: '+49 30 1234567',
    privacyAccepted: true,
    ...extra,
  })

  test('an address that has an account gets the answer a new one gets; its owner is mailed, in their language, and nothing changes', async () => {
    const owner = await createUser(server().payload, 'customer', { language: 'ru' })
    const fresh = unknownAddress()
    const known = await server().api('POST', '/api/users', { body: registration(owner.email.toUpperCase()), headers: { 'x-forwarded-for': newClient() } })
    const unknown = await server().api('POST', '/api/users', { body: registration(fresh), headers: { 'x-forwarded-for': newClient() } })
    expect(told(known)).toEqual(told(unknown))
    expect(known.status).toBe(201)
    expect(known.body).toEqual({ message: expect.stringMatching(/e-mail/) })

    const attempt = await world.smtp.waitFor((m) => mailsTo(world.smtp, owner.email).includes(m))
    expect(attempt.subject).toBe('Кто-то пытался зарегистрироваться с вашим адресом')
    expect(attempt.text).toContain(`${server().url}/login`)
    await world.smtp.waitFor((m) => mailsTo(world.smtp, fresh).includes(m))
    await mailQueueDrained(server())
    expect(mailsTo(world.smtp, owner.email)).toHaveLength(1)
    expect(mailsTo(world.smtp, fresh)[0].subject).toMatch(/Confirm/)

    // The owner's account is as it was: same name, same password.
    const stored = await server().payload.findByID({ collection: 'users', id: owner.id, overrideAccess: true })
    expect(stored.name).toBe(owner.name)
    expect((await login(newClient(), owner.email, TEST_PASSWORD)).status).toBe(200)
    expect((await server().payload.count({ collection: 'users', where: { email: { equals: owner.email } }, overrideAccess: true })).totalDocs).toBe(1)
  })

  test('input errors read the same for both', async () => {
    const owner = await createUser(server().payload, 'customer')
    for (const bad of [{ password: 'short' }, { phone: '12' }, { privacyAccepted: false }, { name: '' }]) {
      const known = await server().api('POST', '/api/users', { body: registration(owner.email, bad), headers: { 'x-forwarded-for': newClient() } })
      const unknown = await server().api('POST', '/api/users', { body: registration(unknownAddress(), bad), headers: { 'x-forwarded-for': newClient() } })
      expect({ bad, ...told(known) }).toEqual({ bad, ...told(unknown) })
      expect(known.status).toBe(400)
    }
  })
})

describe('login', () => {
  test('an unknown address and a wrong password get the same 401 and message', async () => {
    const owner = await createUser(server().payload, 'customer')
    const wrong = await login(newClient(), owner.email, 'not-the-password')
    const unknown = await login(newClient(), unknownAddress(), 'not-the-password')
    expect(wrong.status).toBe(401)
    expect(told(wrong)).toEqual(told(unknown))
  })

  test('the throttle after repeated failures answers the same for a known and an unknown address', async () => {
    const owner = await createUser(server().payload, 'customer')
    const ghost = unknownAddress()
    const from = newClient()
    for (let i = 0; i < 5; i++) {
      const a = await login(from, owner.email, 'not-the-password')
      const b = await login(from, ghost, 'not-the-password')
      expect({ i, ...told(a) }).toEqual({ i, ...told(b) })
    }
    const known = await login(from, owner.email, TEST_PASSWORD)
    const unknown = await login(from, ghost, 'not-the-password')
    expect(known.status).toBe(429)
    expect(told(known)).toEqual(told(unknown))
    expect(known.body.errors[0].message).toMatch(/^Too many failed logins for this account\. Please try again in \d+ minutes?, or reset your password\.$/)
    expect(Number(known.headers.get('retry-after'))).toBeGreaterThan(0)
  })

  test("a stranger's wrong passwords from one client do not stop the owner logging in from another", async () => {
    const owner = await createUser(server().payload, 'customer')
    const stranger = newClient()
    for (let i = 0; i < 12; i++) await login(stranger, owner.email, `guess-${i}`)
    expect((await login(stranger, owner.email, TEST_PASSWORD)).status).toBe(429)
    // The owner, from home: in at once; the stranger's pair stays held.
    expect((await login(newClient(), owner.email, TEST_PASSWORD)).status).toBe(200)
    expect((await login(stranger, owner.email, TEST_PASSWORD)).status).toBe(429)
    // Payload's own account lock is never set.
    const stored = await server().payload.findByID({ collection: 'users', id: owner.id, overrideAccess: true, showHiddenFields: true })
    expect(stored.lockUntil ?? null).toBeNull()
  })

  test('the throttle counts per client: another client guessing the same account starts at zero', async () => {
    const owner = await createUser(server().payload, 'customer')
    const first = newClient()
    for (let i = 0; i < 5; i++) expect((await login(first, owner.email, 'wrong')).status).toBe(401)
    expect((await login(first, owner.email, 'wrong')).status).toBe(429)
    const second = newClient()
    for (let i = 0; i < 5; i++) expect((await login(second, owner.email, 'wrong')).status).toBe(401)
  })
})

describe('forgot password', () => {
  test('the same answer for a known and an unknown address; only the owner gets a link', async () => {
    const owner = await createUser(server().payload, 'customer')
    const ghost = unknownAddress()
    const known = await server().api('POST', '/api/users/forgot-password', { body: { email: owner.email }, headers: { 'x-forwarded-for': newClient() } })
    const unknown = await server().api('POST', '/api/users/forgot-password', { body: { email: ghost }, headers: { 'x-forwarded-for': newClient() } })
    expect(known.status).toBe(200)
    expect(told(known)).toEqual(told(unknown))
    await world.smtp.waitFor((m) => mailsTo(world.smtp, owner.email).includes(m))
    await mailQueueDrained(server())
    expect(mailsTo(world.smtp, ghost)).toHaveLength(0)
  })
})
