/**
 * What the accounts code assumes about Payload's internals (payload 3.90.1). Each test fails when an
 * upgrade moves or changes one of them, before the product quietly stops checking what it thinks it checks.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import type { Payload } from 'payload'

import { PAYLOAD_AUTHENTICATE_MODULE, passwordMatches, payloadAuthenticate } from '@collections/Users/password-check'
import { bootPayload } from '../support/payload'
import { createUser, TEST_PASSWORD } from '../support/users'

const payloadDist = path.dirname(createRequire(import.meta.url).resolve('payload'))
const source = (file: string) => readFileSync(path.join(payloadDist, file), 'utf8')

let payload: Payload
let stop: () => Promise<void>

beforeAll(async () => {
  ;({ payload, stop } = await bootPayload())
})
afterAll(async () => {
  await stop?.()
})

test("the current-password check is the function Payload's login compares passwords with", async () => {
  // It lives where password-check.ts loads it from, and Payload's login still calls it.
  const authenticate = await payloadAuthenticate()
  expect(typeof authenticate).toBe('function')
  expect(source('auth/operations/login.js')).toMatch(/from '\.\.\/strategies\/local\/authenticate\.js'/)
  expect(source('auth/operations/login.js')).toMatch(/await authenticateLocalStrategy\(\{\s*doc: user,\s*password\s*\}\)/)
  expect(source(PAYLOAD_AUTHENTICATE_MODULE)).toMatch(/export const authenticateLocalStrategy = async \(\{ doc, password \}\)/)

  // It answers from the stored hash and salt: the right password → the document, a wrong one → null.
  const user = await createUser(payload, 'customer')
  const row = (await payload.db.findOne({ collection: 'users', where: { id: { equals: user.id } } })) as unknown as Record<string, unknown>
  expect(typeof row.hash).toBe('string')
  expect(typeof row.salt).toBe('string')
  expect(await authenticate({ doc: row, password: TEST_PASSWORD })).toBeTruthy()
  expect(await authenticate({ doc: row, password: 'not-the-password' })).toBeNull()
  expect(await passwordMatches(payload, user.id, TEST_PASSWORD)).toBe(true)
  expect(await passwordMatches(payload, user.id, 'not-the-password')).toBe(false)
  // No session was opened and no counter touched by asking.
  const after = (await payload.db.findOne({ collection: 'users', where: { id: { equals: user.id } } })) as unknown as Record<string, unknown>
  expect(after.sessions ?? []).toEqual(row.sessions ?? [])
  expect(after.loginAttempts ?? 0).toBe(row.loginAttempts ?? 0)
})

test("Payload's reset-password writes the new hash below the update operation (so the guard on update does not stop it)", () => {
  const reset = source('auth/operations/resetPassword.js')
  expect(reset).toMatch(/payload\.db\.updateOne\(/)
  expect(reset).not.toMatch(/updateByIDOperation|payload\.update\(/)
})

test("Payload's update takes the password from the data after the fields' beforeValidate (where field access drops it)", () => {
  const update = source('collections/operations/utilities/update.js')
  const validated = update.indexOf('data = await beforeValidate(')
  const taken = update.indexOf('const password = data?.password;')
  expect(validated).toBeGreaterThan(0)
  expect(taken).toBeGreaterThan(validated)
})

test("Payload's admin hides the password inputs when the password field's permissions lack update", () => {
  const auth = readFileSync(path.join(payloadDist, '../../@payloadcms/ui/dist/views/Edit/Auth/index.js'), 'utf8')
  expect(auth).toMatch(/"password" in docPermissions\.fields/)
  expect(auth).toMatch(/showPasswordFields = passwordPermissions === true \|\| typeof passwordPermissions === "object" && passwordPermissions\.update/)
})

test("Payload's session check reads the user with overrideAccess (so the sessions field's read access stays closed to everyone)", () => {
  const jwt = source('auth/strategies/jwt.js')
  expect(jwt).toMatch(/payload\.findByID\(\{[^}]*overrideAccess: true/)
  expect(jwt).toMatch(/user\.sessions \|\| \[\]/)
})

test("Payload's account lock is reached only at maxLoginAttempts failures (set out of reach; the throttle replaces it)", () => {
  const users = payload.collections.users.config.auth
  expect(users.maxLoginAttempts).toBe(Number.MAX_SAFE_INTEGER)
  expect(source('auth/strategies/local/incrementLoginAttempts.js')).toMatch(/user\.loginAttempts \+ 1 >= maxLoginAttempts/)
})
