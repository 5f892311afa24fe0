/**
 * The limits on guessing passwords, through the real server: failed logins per client address
 * (RATE_LIMIT_LOGIN, 20 per 5 minutes; successful logins are not counted, so several people behind
 * one address can log in) and failed logins per account and client address (the login throttle,
 * RATE_LIMIT_LOGIN_ACCOUNT, 5 in a row → that pair waits 15 minutes, answered 429 with the time left).
 * TRUST_PROXY=1 lets each test speak from its own client addresses (X-Forwarded-For).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: '1' })
})
afterAll(async () => {
  await server?.close()
})

let addressCounter = 0
/** A client address no other test uses. */
const newAddress = () => `198.51.100.${++addressCounter}`
const login = (from: string, email: string, password: string) =>
  server.api('POST', '/api/users/login', { body: { email, password }, headers: { 'x-forwarded-for': from } })

test('30 successful logins in a row from one address all succeed, and none uses up the budget', async () => {
  const from = newAddress()
  const user = await createUser(server.payload, 'customer')
  const remaining: string[] = []
  for (let i = 0; i < 30; i++) {
    const res = await login(from, user.email, TEST_PASSWORD)
    expect({ i, status: res.status }).toEqual({ i, status: 200 })
    remaining.push(/r=(\d+)/.exec(res.headers.get('ratelimit') ?? '')?.[1] ?? '')
  }
  // Each login is counted while it runs (r = 19 of 20) and taken back when it succeeds.
  expect(remaining).toEqual(Array(30).fill('19'))
})

test('failed logins from one address are limited to 20 per 5 minutes, whatever the accounts; the 429 says when to try again', async () => {
  const from = newAddress()
  const user = await createUser(server.payload, 'customer')
  for (let i = 0; i < 20; i++) {
    const res = await login(from, `nobody-${i}@example.test`, 'not-the-password')
    expect({ i, status: res.status }).toEqual({ i, status: 401 })
  }
  const limited = await login(from, 'nobody-20@example.test', 'not-the-password')
  expect(limited.status).toBe(429)
  expect(limited.body.errors[0].message).toMatch(/^Too many failed logins from your network address\. Please try again in [1-5] minutes?\.$/)
  const retryAfter = Number(limited.headers.get('retry-after'))
  expect(retryAfter).toBeGreaterThanOrEqual(1)
  expect(retryAfter).toBeLessThanOrEqual(300)
  // While the address is limited even the right password waits; other addresses are not affected.
  expect((await login(from, user.email, TEST_PASSWORD)).status).toBe(429)
  expect((await login(newAddress(), user.email, TEST_PASSWORD)).status).toBe(200)
})

test('failed logins against one account are limited per account and client address: 5 in a row hold that pair (429 with the time left), not the owner elsewhere', async () => {
  // Before, 5 failures from anywhere locked the account itself: any stranger could lock its owner out.
  const user = await createUser(server.payload, 'customer')
  const from = newAddress()
  for (let i = 0; i < 5; i++) {
    const res = await login(from, user.email, 'wrong-password')
    expect({ i, status: res.status }).toEqual({ i, status: 401 })
  }
  // The right password from the same address waits.
  const locked = await login(from, user.email.toUpperCase(), TEST_PASSWORD)
  expect(locked.status).toBe(429)
  expect(locked.body.errors[0]).toEqual({
    message: expect.stringMatching(/^Too many failed logins for this account\. Please try again in (1[0-5]|[1-9]) minutes?, or reset your password\.$/),
    data: { accountLocked: true },
  })
  const retryAfter = Number(locked.headers.get('retry-after'))
  expect(retryAfter).toBeGreaterThanOrEqual(1)
  expect(retryAfter).toBeLessThanOrEqual(15 * 60)
  expect(locked.headers.getSetCookie()).toEqual([])
  // From any other address the owner logs in, and Payload's own lock on the account is never set.
  expect((await login(newAddress(), user.email, TEST_PASSWORD)).status).toBe(200)
  const stored = await server.payload.findByID({ collection: 'users', id: user.id, depth: 0, overrideAccess: true, showHiddenFields: true })
  expect(stored.lockUntil ?? null).toBeNull()
  // Failures spread over many addresses are each the address limit's business, and hold nobody else.
  for (let i = 0; i < 8; i++) expect((await login(newAddress(), user.email, 'wrong-password')).status).toBe(401)
  expect((await login(newAddress(), user.email, TEST_PASSWORD)).status).toBe(200)
})

test('a correct login after some failures (below the limit) works and starts the account count again', async () => {
  const from = newAddress()
  const user = await createUser(server.payload, 'customer')
  for (let round = 0; round < 2; round++) {
    for (let i = 0; i < 4; i++) expect((await login(from, user.email, 'wrong-password')).status).toBe(401)
    const ok = await login(from, user.email, TEST_PASSWORD)
    expect({ round, status: ok.status }).toEqual({ round, status: 200 })
    expect(ok.body.user.email).toBe(user.email)
  }
  // 8 failures from this address so far: 12 more are let through before the address is limited.
  expect(/r=(\d+)/.exec((await login(from, user.email, 'wrong-password')).headers.get('ratelimit') ?? '')?.[1]).toBe('11')
})
