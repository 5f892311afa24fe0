/**
 * Cross-site requests, with SERVER_URL set: a request that carries the session cookie but comes
 * from any Origin other than SERVER_URL's — another site, or another spelling of this machine
 * (127.0.0.1, [::1]) — is refused with 403 naming the address to open, and nothing changes. The same
 * request from the site's own origin works, so the cookie itself is good. The session cookie is
 * HttpOnly and SameSite=Lax (Secure over HTTPS: cookies-https.test.ts). The local default, where
 * the loopback spellings are one origin: local-origins.test.ts.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'
import { createController, createOption } from '../support/licensing-fixtures'

let server: TestServer
let user: { id: string | number; email: string }
let cookie: string
let controller: { id: string | number }
let option: { id: string | number }

beforeAll(async () => {
  server = await startTestServer()
  user = (await createUser(server.payload, 'customer')) as never
  controller = (await createController(server.payload, { owner: user.id })) as never
  option = (await createOption(server.payload)) as never
  const login = await server.api('POST', '/api/users/login', { body: { email: user.email, password: TEST_PASSWORD } })
  expect(login.status).toBe(200)
  const setCookie = login.headers.getSetCookie()
  cookie = setCookie.find((c) => c.startsWith('payload-token='))!.split(';')[0]
})
afterAll(async () => {
  await server?.close()
})

test('the session cookie is HttpOnly, SameSite=Lax, path /, and not Secure over plain http', async () => {
  const login = await server.api('POST', '/api/users/login', { body: { email: user.email, password: TEST_PASSWORD } })
  const c = login.headers.getSetCookie().find((x) => x.startsWith('payload-token='))!
  expect(c).toMatch(/;\s*HttpOnly/i)
  expect(c).toMatch(/;\s*SameSite=Lax/i)
  expect(c).toMatch(/;\s*Path=\//i)
  expect(c).not.toMatch(/;\s*Secure/i)
})

async function state() {
  const p = server.payload
  return {
    user: await p.findByID({ collection: 'users', id: user.id, depth: 0, overrideAccess: true }),
    licenses: (await p.count({ collection: 'licenses', overrideAccess: true })).totalDocs,
    orders: (await p.count({ collection: 'orders', overrideAccess: true })).totalDocs,
  }
}

const attacks: Array<[string, string, () => string, () => unknown]> = [
  ['PATCH', 'my profile', () => `/api/users/${user.id}`, () => ({ name: 'Changed by evil.example' })],
  ['POST', 'apply', () => `/api/controllers/${controller.id}/apply`, () => ({ options: [] })],
  ['POST', 'place order', () => '/api/orders', () => ({ controller: controller.id, items: [{ option: option.id }] })],
  ['POST', 'change password', () => '/api/users/change-password', () => ({ currentPassword: TEST_PASSWORD, newPassword: 'evil-password-123' })],
  ['POST', 'change e-mail', () => '/api/users/change-email', () => ({ email: 'evil@example.test', password: TEST_PASSWORD })],
  ['DELETE', 'my account', () => `/api/users/${user.id}`, () => undefined],
]

const port = () => new URL(server.url).port

test.each(attacks)('%s %s from a foreign Origin with the cookie → 403 with the address to open, nothing changes', async (method, _what, path, body) => {
  const before = await state()
  const origins = ['https://evil.example', 'null', `${server.url}.evil.example`, `http://127.0.0.1:${port()}`, `http://[::1]:${port()}`, `https://localhost:${port()}`]
  for (const origin of origins) {
    const res = await server.api(method, path(), { body: body(), headers: { cookie, origin } })
    const where = origin === 'null' ? '' : ` (${origin})`
    expect({ origin, status: res.status, message: res.body?.errors?.[0]?.message }).toEqual({
      origin,
      status: 403,
      message: `This page was opened at an address the server does not serve${where}: open ${server.url} and try again.`,
    })
  }
  // A cross-site request without Origin but marked cross-site by the browser is refused too.
  const noOrigin = await server.api(method, path(), { body: body(), headers: { cookie, 'sec-fetch-site': 'cross-site' } })
  expect([401, 403]).toContain(noOrigin.status)
  expect(await state()).toEqual(before)
})

test('the same cookie from the site itself is accepted (the refusals above are about the origin)', async () => {
  const me = await server.api('GET', '/api/users/me', { headers: { cookie, origin: server.url } })
  expect(me.body.user?.email).toBe(user.email)
  const patch = await server.api('PATCH', `/api/users/${user.id}`, { body: { name: 'Changed from the site' }, headers: { cookie, origin: server.url } })
  expect(patch.status).toBe(200)
  const loopback = await server.api('POST', '/api/users/login', { body: { email: user.email, password: TEST_PASSWORD }, headers: { origin: `http://127.0.0.1:${port()}` } })
  expect(loopback.status).toBe(403) // SERVER_URL set: no other spelling of this machine either
  expect(loopback.headers.getSetCookie()).toEqual([])
  const evilRead = await server.api('GET', '/api/users/me', { headers: { cookie, origin: 'https://evil.example' } })
  expect(evilRead.body.user ?? null).toBeNull()
  expect(evilRead.headers.get('access-control-allow-origin')).not.toBe('https://evil.example')
  expect(evilRead.headers.get('access-control-allow-credentials')).not.toBe('true')
})
