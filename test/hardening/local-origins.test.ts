/**
 * The local default (SERVER_URL unset): a browser on this machine may open the server as
 * http://localhost:PORT, http://127.0.0.1:PORT or http://[::1]:PORT, and its session works from each
 * (Payload's CSRF/CORS allow-lists hold all three). Pages of any other origin carrying the session
 * cookie are refused with 403 and the address to open, instead of running as anonymous and looking
 * like an ended session; nothing changes for them. (SERVER_URL set: csrf-cookies.test.ts.)
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'
import { createController, requestCodeFor } from '../support/licensing-fixtures'

let server: TestServer
let port: number
let user: { id: string | number; email: string }
let cookie: string

beforeAll(async () => {
  server = await startTestServer({ SERVER_URL: '' })
  port = Number(new URL(server.url).port)
  user = await createUser(server.payload, 'customer')
  const login = await server.api('POST', '/api/users/login', { body: { email: user.email, password: TEST_PASSWORD } })
  expect(login.status).toBe(200)
  cookie = login.headers.getSetCookie().find((c) => c.startsWith('payload-token='))!.split(';')[0]
})
afterAll(async () => {
  await server?.close()
})

const loopback = () => [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`]
const expectedMessage = (page: string) => `This page was opened at an address the server does not serve (${page}): open http://localhost:${port} and try again.`

test('the server names itself http://localhost:PORT, the address the refusals point to', () => {
  expect(server.url).toBe(`http://localhost:${port}`)
})

test.each([0, 1, 2])('the session works from the loopback spelling %#: me, a profile change and Add controller', async (i) => {
  const origin = loopback()[i]
  const me = await server.api('GET', '/api/users/me', { headers: { cookie, origin } })
  expect(me.status).toBe(200)
  expect(me.body.user?.email).toBe(user.email)
  expect(me.headers.get('access-control-allow-origin')).toBe(origin)

  const patch = await server.api('PATCH', `/api/users/${user.id}`, { body: { name: `Changed from ${origin}` }, headers: { cookie, origin } })
  expect(patch.status).toBe(200)
  expect(patch.body.doc.name).toBe(`Changed from ${origin}`)

  const controller = await createController(server.payload)
  const claim = await server.api('POST', '/api/controllers/claim', { body: { requestCode: requestCodeFor(controller) }, headers: { cookie, origin } })
  expect({ status: claim.status, message: claim.body?.errors?.[0]?.message }).toEqual({ status: 200, message: undefined })
  const stored = await server.payload.findByID({ collection: 'controllers', id: controller.id, depth: 0, overrideAccess: true })
  expect(String(stored.owner)).toBe(String(user.id))
})

test('a login from each loopback spelling sets the session cookie', async () => {
  for (const origin of loopback()) {
    const res = await server.api('POST', '/api/users/login', { body: { email: user.email, password: TEST_PASSWORD }, headers: { origin } })
    expect({ origin, status: res.status }).toEqual({ origin, status: 200 })
    expect(res.headers.getSetCookie().some((c) => c.startsWith('payload-token='))).toBe(true)
  }
})

const foreign = () => [
  'https://evil.example',
  `http://localhost:${port + 1}`,
  `http://127.0.0.2:${port}`,
  `https://localhost:${port}`,
  `http://localhost:${port}.evil.example`,
  `http://[::2]:${port}`,
]

test('pages of any other origin with the session cookie are refused with 403 and the address to open; nothing changes', async () => {
  const before = await server.payload.findByID({ collection: 'users', id: user.id, depth: 0, overrideAccess: true })
  for (const origin of foreign()) {
    const res = await server.api('PATCH', `/api/users/${user.id}`, { body: { name: 'Changed by another page' }, headers: { cookie, origin } })
    expect({ origin, status: res.status, message: res.body?.errors?.[0]?.message, openAt: res.body?.errors?.[0]?.data?.openAt }).toEqual({
      origin,
      status: 403,
      message: expectedMessage(origin),
      openAt: `http://localhost:${port}`,
    })
    expect(res.headers.get('access-control-allow-origin')).toBeNull()
    const read = await server.api('GET', '/api/users/me', { headers: { cookie, origin } })
    expect({ origin, status: read.status, user: read.body?.user ?? null }).toEqual({ origin, status: 403, user: null })
  }
  const nullOrigin = await server.api('POST', '/api/controllers/claim', { body: { requestCode: 'PMX1-x' }, headers: { cookie, origin: 'null' } })
  expect(nullOrigin.status).toBe(403)
  expect(nullOrigin.body.errors[0].message).toBe(`This page was opened at an address the server does not serve: open http://localhost:${port} and try again.`)
  const after = await server.payload.findByID({ collection: 'users', id: user.id, depth: 0, overrideAccess: true })
  expect(after.name).toBe(before.name)
})

test('a login from another origin is refused the same way and opens no session', async () => {
  const res = await server.api('POST', '/api/users/login', { body: { email: user.email, password: TEST_PASSWORD }, headers: { origin: 'https://evil.example' } })
  expect(res.status).toBe(403)
  expect(res.body.errors[0].message).toBe(expectedMessage('https://evil.example'))
  expect(res.headers.getSetCookie()).toEqual([])
})

test('without Origin: a cross-site change named by its Referer is refused with the message; other cases go to Payload as before', async () => {
  const body = { name: 'Changed without Origin' }
  const path = `/api/users/${user.id}`
  const byReferer = await server.api('PATCH', path, { body, headers: { cookie, 'sec-fetch-site': 'cross-site', referer: 'https://evil.example/some/page?x=1' } })
  expect(byReferer.status).toBe(403)
  expect(byReferer.body.errors[0].message).toBe(expectedMessage('https://evil.example'))
  // Cross-site without any address: Payload ignores the cookie, as before (no user → 401/403).
  const anonymous = await server.api('PATCH', path, { body, headers: { cookie, 'sec-fetch-site': 'cross-site' } })
  expect([401, 403]).toContain(anonymous.status)
  // The same change from a page of the site (Referer on the list, browser says same-origin) works.
  const own = await server.api('PATCH', path, { body, headers: { cookie, 'sec-fetch-site': 'same-origin', referer: `http://127.0.0.1:${port}/account/profile` } })
  expect(own.status).toBe(200)
  // A link followed from another site (a safe request) is not refused; Payload just does not use the cookie.
  const link = await server.api('GET', '/api/users/me', { headers: { cookie, 'sec-fetch-site': 'cross-site', referer: 'https://webmail.example/' } })
  expect(link.status).toBe(200)
  expect(link.body.user ?? null).toBeNull()
})

test('requests without the session cookie are not affected by the Origin check (except logins)', async () => {
  const news = await server.api('GET', '/api/news', { headers: { origin: 'https://evil.example' } })
  expect(news.status).toBe(200)
  const claim = await server.api('POST', '/api/controllers/claim', { body: { requestCode: 'PMX1-x' }, headers: { origin: 'https://evil.example' } })
  expect(claim.status).not.toBe(403)
})
