/** Forgot password is the one request whose point is the mail: an unreachable mail server is reported, to every address alike. */
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { freePort, startTestServer, type TestServer } from '../support/server'
import { createUser } from '../support/users'

let server: TestServer

beforeAll(async () => {
  const nothingListens = await freePort()
  server = await startTestServer({ SMTP_URL: `smtp://127.0.0.1:${nothingListens}` })
})
afterAll(async () => {
  await server?.close()
})

test('with the mail server down, forgot password answers 503 for known and unknown addresses alike; registration still succeeds', async () => {
  const user = await createUser(server.payload, 'customer')
  const known = await server.api('POST', '/api/users/forgot-password', { body: { email: user.email } })
  const unknown = await server.api('POST', '/api/users/forgot-password', { body: { email: `nobody-${Date.now()}@example.test` } })
  expect(known.status).toBe(503)
  expect(known.body.errors[0].message).toMatch(/cannot send e-mail right now/)
  expect([unknown.status, unknown.body]).toEqual([known.status, known.body])

  const reg = await server.api('POST', '/api/users', {
    body: { email: `down-${Date.now()}@example.test`, password: 'a-long-password-1', name: 'Olga', phone: '+49 30 1234567', privacyAccepted: true },
  })
  expect(reg.status).toBe(201)
})
