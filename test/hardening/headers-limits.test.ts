/**
 * Security headers on API answers and probes; request body limits (src/server/body-limit.ts) by
 * Content-Length and for chunked bodies; and the login rate limit under a burst of 1 000 failed logins.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'
import { tokenFor } from './fixtures'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
})

const MB = 1024 * 1024

function expectSecurityHeaders(h: Headers, where: string) {
  const got = {
    where,
    csp: h.get('content-security-policy') ?? '',
    nosniff: h.get('x-content-type-options'),
    referrer: h.get('referrer-policy'),
    frame: h.get('x-frame-options'),
  }
  expect(got).toEqual({ where, csp: expect.stringContaining("default-src 'self'"), nosniff: 'nosniff', referrer: 'strict-origin-when-cross-origin', frame: 'SAMEORIGIN' })
  expect(got.csp).toContain("frame-ancestors 'self'")
  expect(got.csp).toContain("object-src 'none'")
  // Scripts: this origin, and inline only with the response's nonce (src/server/security-headers.ts).
  expect(got.csp).toMatch(/(^|;) *script-src 'self' 'nonce-[A-Za-z0-9+/]{22}==';/)
  expect(h.get('x-powered-by')).toBeNull()
}

test("every response gets a nonce of its own, and a policy the client sends does not choose it", async () => {
  const nonceOf = (h: Headers) => /'nonce-([^']+)'/.exec(h.get('content-security-policy') ?? '')?.[1]
  const chosen = "script-src 'nonce-AAAAAAAAAAAAAAAAAAAAAA=='"
  const nonces = []
  for (let i = 0; i < 5; i++) nonces.push(nonceOf((await server.api('GET', '/healthz', { headers: { 'content-security-policy': chosen } })).headers))
  expect(new Set(nonces).size).toBe(5)
  expect(nonces).not.toContain('AAAAAAAAAAAAAAAAAAAAAA==')
})

test('security headers on /healthz, /readyz and API answers of every kind', async () => {
  const cases: Array<[string, string, unknown?]> = [
    ['GET', '/healthz'],
    ['GET', '/readyz'],
    ['GET', '/api/options'],
    ['GET', '/api/license-keys'],
    ['GET', '/api/no-such-collection'],
    ['POST', '/api/users/login', { email: 'nobody@example.test', password: 'x' }],
    ['POST', '/api/controllers/claim', { requestCode: 'x' }],
  ]
  for (const [method, path, body] of cases) {
    const res = await server.api(method, path, { body })
    expect(res.status).toBeLessThan(500)
    expectSecurityHeaders(res.headers, `${method} ${path} → ${res.status}`)
  }
})

/** A POST whose body is sent chunked (no Content-Length), as a stream of `size` bytes of JSON. */
async function chunkedPost(path: string, size: number, headers: Record<string, string> = {}, prefix = '{"requestCode":"', suffix = '"}') {
  const chunk = 64 * 1024
  let sent = 0
  const total = size - prefix.length - suffix.length
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (sent === 0) controller.enqueue(Buffer.from(prefix))
      if (sent >= total) {
        controller.enqueue(Buffer.from(suffix))
        controller.close()
        return
      }
      const n = Math.min(chunk, total - sent)
      sent += n
      controller.enqueue(Buffer.alloc(n, 'A'))
    },
  })
  try {
    const res = await fetch(server.url + path, { method: 'POST', body, duplex: 'half', headers: { 'content-type': 'application/json', ...headers } } as RequestInit)
    return { status: res.status, text: await res.text() }
  } catch (err) {
    // The server may close the connection while an oversized upload is still being sent.
    return { status: 0, text: String((err as Error).cause ?? err) }
  }
}

describe('request body limits', () => {
  const users = async () => (await server.payload.count({ collection: 'users', overrideAccess: true })).totalDocs

  test.each(['/api/users', '/api/controllers/claim', '/api/orders', '/api/graphql'])('5 MB JSON to %s with Content-Length → 413 with a clear message', async (path) => {
    const before = await users()
    const big = JSON.stringify({ email: 'big@example.test', password: 'long-password-1', name: 'x'.repeat(5 * MB), phone: '+49 30 1234567', requestCode: 'x' })
    const res = await server.api('POST', path, { rawBody: big, headers: { 'content-type': 'application/json' } })
    expect(res.status).toBe(413)
    expect(res.body.errors[0].message).toMatch(/too large.*1 MB/)
    expect(await users()).toBe(before)
  })

  test('5 MB chunked (no Content-Length) → 413, counted while streaming', async () => {
    const before = await users()
    const res = await chunkedPost('/api/users', 5 * MB)
    if (res.status !== 0) expect(res.status).toBe(413) // or the connection was closed mid-upload
    expect(await users()).toBe(before)
  })

  test('chunked bodies under the limit reach the API intact', async () => {
    const user = await createUser(server.payload, 'customer')
    const token = await tokenFor(server.payload, user.email)
    const small = await chunkedPost('/api/controllers/claim', 300 * 1024, { authorization: `JWT ${token}` })
    expect(small.status).toBe(400) // read in full and judged by the claim endpoint: far too long for a request code
    expect(small.text).toMatch(/far longer than a license request code/)
    const login = await chunkedPost('/api/users/login', 0, {}, JSON.stringify({ email: user.email, password: TEST_PASSWORD }), '')
    expect(login.status).toBe(200)
  })

  test('image uploads to /api/media may be larger (20 MB), and no larger', async () => {
    const editor = await createUser(server.payload, 'editor')
    const token = await tokenFor(server.payload, editor.email)
    const upload = async (bytes: number) => {
      const form = new FormData()
      form.append('_payload', JSON.stringify({ alt: 'Big' }))
      form.append('file', new Blob([Buffer.alloc(bytes, 1)], { type: 'image/png' }), 'big.png')
      try {
        const res = await fetch(`${server.url}/api/media`, { method: 'POST', body: form, headers: { authorization: `JWT ${token}` } })
        return res.status
      } catch {
        return 0
      }
    }
    expect(await upload(3 * MB)).not.toBe(413) // not refused for its size (it is not a real PNG, so 400 is fine)
    expect([413, 0]).toContain(await upload(21 * MB))
  })
})

test('a burst of 1 000 failed logins: the limiter lets 20 failures through and answers the rest 429 with when to try again', async () => {
  const statuses: number[] = []
  let message = ''
  let retryAfter = ''
  for (let wave = 0; wave < 20; wave++) {
    const results = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        // Unknown addresses, so no account's own lockout is involved: this is the per-address limit.
        const body = JSON.stringify({ email: `nobody-${wave}-${i}@example.test`, password: 'not-the-password' })
        const res = await fetch(`${server.url}/api/users/login`, { method: 'POST', body, headers: { 'content-type': 'application/json' } })
        const text = await res.text()
        if (res.status === 429 && !message) {
          message = JSON.parse(text).errors[0].message
          retryAfter = res.headers.get('retry-after') ?? ''
        }
        return res.status
      }),
    )
    statuses.push(...results)
  }
  const count = (s: number) => statuses.filter((x) => x === s).length
  expect(statuses).toHaveLength(1000)
  // 20 failures per address per 5 minutes, and one earlier test in this file failed a login over HTTP
  // (its successful logins are not counted).
  expect(count(401)).toBe(19)
  expect(count(429)).toBe(981)
  // The window opened with that earlier failure: the answer says how much of it is left.
  expect(message).toMatch(/^Too many failed logins from your network address\. Please try again in [1-5] minutes?\.$/)
  expect(Number(retryAfter)).toBeGreaterThanOrEqual(1)
  expect(Number(retryAfter)).toBeLessThanOrEqual(300)
})
