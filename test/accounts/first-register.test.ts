/**
 * Payload's first-register (open only while there is no user at all) is one more way into create: a
 * customer account made there needs the privacy consent like any other; the first admin needs none.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { startTestServer, type TestServer } from '../support/server'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
})

const users = async () => (await server.payload.count({ collection: 'users', overrideAccess: true })).totalDocs
const body = (extra: Record<string, unknown>) => ({ email: `first-${Date.now()}@example.test`, password: 'a-long-password-1', name: 'First', phone: '+49 30 1234567', ...extra })

test('a customer account through first-register needs the consent; the first admin does not', async () => {
  expect(await users()).toBe(0)
  const customer = await server.api('POST', '/api/users/first-register', { body: body({}) })
  expect(customer.status).toBe(400)
  expect(JSON.stringify(customer.body)).toMatch(/privacyAccepted/)
  expect(await users()).toBe(0)

  const admin = await server.api('POST', '/api/users/first-register', { body: body({ roles: ['admin'] }) })
  expect(admin.status).toBe(200)
  expect(admin.body.user.roles).toEqual(['admin'])
  // Once there is a user, first-register is closed.
  expect((await server.api('POST', '/api/users/first-register', { body: body({ roles: ['admin'] }) })).status).toBe(403)
  expect(await users()).toBe(1)
})
