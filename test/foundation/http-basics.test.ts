import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { startTestServer, type TestServer } from '../support/server'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_FORGOT_PASSWORD: '3' })
})
afterAll(async () => {
  await server?.close()
})

test('security headers are on API responses', async () => {
  const res = await server.api('GET', '/api/options')
  expect(res.status).toBe(200)
  expect(res.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'/)
  expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN')
  expect(res.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
  expect(res.headers.get('x-powered-by')).toBeNull()
})

test('forgot-password is rate limited per client with a message a person understands', async () => {
  const statuses: number[] = []
  let last
  for (let i = 0; i < 5; i++) {
    last = await server.api('POST', '/api/users/forgot-password', { body: { email: `nobody${i}@example.test` } })
    statuses.push(last.status)
  }
  expect(statuses.slice(0, 3).every((s) => s === 200)).toBe(true)
  expect(statuses.slice(3)).toEqual([429, 429])
  expect(last!.body.errors[0].message).toMatch(/Too many attempts/)
})

test('readiness turns 503 when the database stops answering; liveness stays 200', async () => {
  expect((await server.api('GET', '/readyz')).status).toBe(200)
  const db = server.payload.db as unknown as { client: { close: () => void } }
  db.client.close()
  const ready = await server.api('GET', '/readyz')
  expect(ready.status).toBe(503)
  expect(ready.body.database).toBe('unreachable')
  expect((await server.api('GET', '/healthz')).status).toBe(200)
})
