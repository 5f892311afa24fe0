/**
 * One identity per request (src/server/request-identity.ts), through the real server with requests
 * sent byte for byte as an attacker spells them (test/support/raw-http.ts): every guard in front of
 * Payload — rate limits, the body limit, the forgot-password wrapper — keys on the operation Payload
 * will run, whatever the spelling (dot segments, `%2e`, encoded slashes, backslashes, repeated and
 * trailing slashes, case, needless escapes, query strings) or the method override. Spellings that are
 * not canonical are refused 400 naming the canonical address; the admin's reads through a method
 * override are reads, not registrations. TRUST_PROXY=1 gives each test its own client address.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { canonicalPath } from '@/server/request-identity'
import { rawClient, type RawApi } from '../support/raw-http'
import { startTestServer, type TestServer } from '../support/server'
import { createUser } from '../support/users'
import { tokenFor } from '../hardening/fixtures'

let server: TestServer
let raw: RawApi

beforeAll(async () => {
  server = await startTestServer({ TRUST_PROXY: '1' })
  raw = rawClient(server.url)
})
afterAll(async () => {
  await server?.close()
})

let addressCounter = 0
/** A client address no other test uses. */
const newAddress = () => `203.0.113.${++addressCounter}`
const from = (address: string, headers: Record<string, string> = {}) => ({ 'x-forwarded-for': address, ...headers })
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms))
const MB = 1024 * 1024

/** What a refusal of a spelling looks like: 400 naming the canonical address, or the encoded-slash message. */
function refusedNaming(res: { status: number; body: any }, canonical: string | 'encoded slash'): boolean {
  if (res.status !== 400) return false
  const error = res.body?.errors?.[0]
  return canonical === 'encoded slash' ? /encoded slash/.test(error?.message) : error?.data?.canonical === canonical && error.message.startsWith(`Use ${canonical}:`)
}

const FORGOT = '/api/users/forgot-password'
/** Spellings of POST /api/users/forgot-password, and what each is refused as. */
const FORGOT_SPELLINGS: Array<[string, string]> = [
  ['/api/x/../users/forgot-password', FORGOT],
  ['/api/x/%2e%2e/users/forgot-password', FORGOT],
  ['/api/x/%2E%2E/users/forgot-password', FORGOT],
  ['/api/users/./forgot-password', FORGOT],
  ['/api/users/forgot-password/.', FORGOT],
  ['/x/../api/users/forgot-password', FORGOT],
  ['/api\\users\\forgot-password', FORGOT],
  ['//api//users/forgot-password', FORGOT],
  ['/api/users//forgot-password', FORGOT],
  ['/api/users/forgot-password/', FORGOT],
  ['/API/users/forgot-password', FORGOT],
  ['/api/Users/forgot-password', FORGOT],
  ['/api/users/FORGOT-PASSWORD', FORGOT],
  ['/api/users/forgot%2Dpassword', FORGOT],
  ['/%61pi/users/forgot-password', FORGOT],
  ['/api/x/../users/forgot-password?lang=de', `${FORGOT}?lang=de`],
  ['/api/users%2Fforgot-password', 'encoded slash'],
  ['/api/users%2fforgot-password', 'encoded slash'],
  ['/api/media/..%2fusers/forgot-password', 'encoded slash'],
]

test('every other spelling of forgot-password is refused 400 naming the canonical address, and none starts a password reset', async () => {
  const user = await createUser(server.payload, 'customer')
  const address = newAddress()
  const answers: Array<{ spelling: string; status: number; refusedAsExpected: boolean }> = []
  for (const [spelling, canonical] of FORGOT_SPELLINGS) {
    const res = await raw('POST', spelling, { body: { email: user.email }, headers: from(address) })
    answers.push({ spelling, status: res.status, refusedAsExpected: refusedNaming(res, canonical) })
  }
  expect(answers).toEqual(FORGOT_SPELLINGS.map(([spelling]) => ({ spelling, status: 400, refusedAsExpected: true })))
  // Payload's own forgot-password (reached around the wrapper) writes the reset token inside the request.
  await pause(300)
  const stored = (await server.payload.db.findOne({ collection: 'users', where: { id: { equals: user.id } } })) as { resetPasswordToken?: string | null }
  expect(stored.resetPasswordToken ?? null).toBeNull()
})

test('a `;` or an escaped `#` is part of a segment: Payload answers 404 for them, no reset is started', async () => {
  for (const spelling of ['/api/users/forgot-password;x', '/api/users;x/forgot-password', '/api/users/forgot-password%23']) {
    const res = await raw('POST', spelling, { body: { email: 'nobody@example.test' }, headers: from(newAddress()) })
    expect({ spelling, status: res.status }).toEqual({ spelling, status: 404 })
  }
})

test('the forgot-password limit (5 per 15 minutes) holds whatever the spelling: of 5 canonical, every hostile spelling and 5 more canonical requests, 5 are answered', async () => {
  const address = newAddress()
  const statuses: number[] = []
  const send = async (path: string) => statuses.push((await raw('POST', path, { body: { email: `nobody-${statuses.length}@example.test` }, headers: from(address) })).status)
  for (let i = 0; i < 5; i++) await send(FORGOT)
  for (const [spelling] of FORGOT_SPELLINGS) await send(spelling)
  for (let i = 0; i < 5; i++) await send(i % 2 ? FORGOT : `${FORGOT}?x=${i}`)
  expect(statuses.filter((s) => s === 200)).toHaveLength(5)
  expect(statuses.slice(0, 5)).toEqual([200, 200, 200, 200, 200])
  expect(statuses.slice(-5)).toEqual([429, 429, 429, 429, 429])
})

const EXPORT_SPELLINGS = [
  '/api/x/../users/me/export',
  '/api/users/x/../me/export',
  '/api/users/me/./export',
  '/api/users/me/export/',
  '/api/users//me/export',
  '/api\\users\\me\\export',
  '/api/users/me/EXPORT',
  '/api/USERS/me/export',
  '/api/users/%6De/export',
  '/api/users/me/%65xport',
  '/api/users/me/export/..%2fexport',
]

test('the export limit (10 per hour) holds: reads through a method override are counted as exports, other spellings are refused', async () => {
  const customer = await createUser(server.payload, 'customer')
  const token = await tokenFor(server.payload, customer.email)
  const address = newAddress()
  const results: Array<{ how: string; status: number }> = []
  // Payload runs a POST with a GET override as the GET: 12 such "reads" of the export.
  for (let i = 0; i < 12; i++) {
    const header = i % 2 ? 'x-http-method-override' : 'x-payload-http-method-override'
    const res = await raw('POST', '/api/users/me/export', { token, body: {}, headers: from(address, { [header]: 'GET' }) })
    results.push({ how: `POST + ${header}`, status: res.status })
  }
  for (const spelling of EXPORT_SPELLINGS) {
    const res = await raw('GET', spelling, { token, headers: from(address) })
    results.push({ how: `GET ${spelling}`, status: res.status })
  }
  const canonical = await raw('GET', '/api/users/me/export', { token, headers: from(address) })
  results.push({ how: 'GET /api/users/me/export', status: canonical.status })

  expect(results.filter((r) => r.status === 200)).toHaveLength(10)
  expect(results.slice(0, 12).map((r) => r.status)).toEqual([...Array(10).fill(200), 429, 429])
  expect(results.slice(12, -1).filter((r) => r.status !== 400)).toEqual([])
  expect(canonical.status).toBe(429)
  expect(canonical.body.errors[0].message).toMatch(/^Too many data exports from your network address\. Please try again in \d+ minutes?\.$/)
})

const LOGIN_SPELLINGS = [
  '/api/media/../users/login',
  '/api/media/%2e%2e/users/login',
  '/api/media/x/..\\..\\users/login',
  '/x/../api/users/login',
  '/API/users/login',
  '/api/users/LOGIN',
  '/api/users/login/',
  '/api//users/login',
  '/api/users/login?next=/api/media',
  '/api/media/..%2fusers/login',
]

test('a 5 MB body is refused on every spelling of the login (413, or 400 before the body is read)', async () => {
  const user = await createUser(server.payload, 'customer')
  const big = JSON.stringify({ email: user.email, password: 'x'.repeat(5 * MB) })
  for (const spelling of LOGIN_SPELLINGS) {
    const res = await raw('POST', spelling, { rawBody: big, headers: from(newAddress(), { 'content-type': 'application/json' }) })
    const refused = res.status === 413 ? /too large.*1 MB/.test(res.body?.errors?.[0]?.message) : refusedNaming(res, spelling.includes('%2f') ? 'encoded slash' : '/api/users/login')
    expect({ spelling, status: res.status, refused }).toEqual({ spelling, status: res.status === 413 ? 413 : 400, refused: true })
  }
  // The one canonical spelling with a query string is a login, so its limit is the body limit.
  const withQuery = await raw('POST', '/api/users/login?next=/api/media', { rawBody: big, headers: from(newAddress(), { 'content-type': 'application/json' }) })
  expect(withQuery.status).toBe(413)
})

test("30 of the admin's reads through a method override are not registrations: a registration after them succeeds; past the limit it is 429", async () => {
  const manager = await createUser(server.payload, 'manager')
  const token = await tokenFor(server.payload, manager.email)
  const address = newAddress()
  for (let i = 0; i < 30; i++) {
    // Payload's admin: list and relationship look-ups as POST + override, the query as JSON or as a form.
    const res =
      i % 2
        ? await raw('POST', '/api/users', { token, rawBody: `limit=5&page=1&depth=0`, headers: from(address, { 'content-type': 'application/x-www-form-urlencoded', 'x-http-method-override': 'GET' }) })
        : await raw('POST', '/api/users?depth=0', { token, body: { limit: 5 }, headers: from(address, { 'x-payload-http-method-override': 'GET' }) })
    expect({ i, status: res.status, list: Array.isArray(res.body?.docs) }).toEqual({ i, status: 200, list: true })
  }
  const register = (n: number) =>
    raw('POST', '/api/users', {
      body: { email: `reader-${n}-${Date.now()}@example.test`, password: 'a-long-password-1', name: `Reader ${n}`, phone: '+49 30 1234567', privacyAccepted: true },
      headers: from(address),
    })
  const registrations: number[] = []
  for (let n = 0; n < 11; n++) registrations.push((await register(n)).status)
  expect(registrations).toEqual([...Array(10).fill(201), 429])
})

test('a method override Payload does not honour is refused 400, and nothing is created or changed', async () => {
  const users = async () => (await server.payload.count({ collection: 'users', overrideAccess: true })).totalDocs
  const before = await users()
  const registration = () => ({ email: `override-${Date.now()}-${Math.random()}@example.test`, password: 'a-long-password-1', name: 'Override', phone: '+49 30 1234567', privacyAccepted: true })
  const cases: Array<Record<string, string>> = [
    { 'x-http-method-override': 'DELETE' },
    { 'x-payload-http-method-override': 'get' },
    { 'x-method-override': 'GET' },
    { 'x-payload-http-method-override': 'GET', 'x-http-method-override': 'DELETE' },
  ]
  for (const headers of cases) {
    const res = await raw('POST', '/api/users', { body: registration(), headers: from(newAddress(), headers) })
    expect({ headers, status: res.status, message: res.body?.errors?.[0]?.message }).toEqual({ headers, status: 400, message: expect.stringMatching(/override/) })
  }
  expect(await users()).toBe(before)

  // The override on another method than POST: Payload ignores it and runs the PATCH; refused here instead.
  const customer = await createUser(server.payload, 'customer', { name: 'Kept Name' })
  const token = await tokenFor(server.payload, customer.email)
  const patch = await raw('PATCH', `/api/users/${customer.id}`, { token, body: { name: 'Changed Name' }, headers: from(newAddress(), { 'x-http-method-override': 'GET' }) })
  expect(patch.status).toBe(400)
  const after = await server.payload.findByID({ collection: 'users', id: customer.id, overrideAccess: true })
  expect(after.name).toBe('Kept Name')
})

test('canonical spellings and query strings go through unchanged', async () => {
  const manager = await createUser(server.payload, 'manager')
  const token = await tokenFor(server.payload, manager.email)
  const list = await raw('GET', '/api/users?limit=1&where%5Broles%5D%5Bequals%5D=manager', { token, headers: from(newAddress()) })
  expect(list.status).toBe(200)
  expect(list.body.docs).toHaveLength(1)
  const one = await raw('GET', `/api/users/${manager.id}?depth=0`, { token, headers: from(newAddress()) })
  expect({ status: one.status, id: one.body?.id }).toEqual({ status: 200, id: manager.id })
})

test('the canonical spelling keeps the escapes a path needs and the characters no layer treats specially', () => {
  for (const path of ['/api/media/file/caf%C3%A9%20x.png', '/api/users/forgot-password;x', '/api/users/forgot-password%23', '/api', '/', '/admin/collections/users']) {
    expect([path, canonicalPath(path)]).toEqual([path, path])
  }
  expect(canonicalPath('/api/media/file/caf\u00e9 x.png')).toBe('/api/media/file/caf%C3%A9%20x.png')
  expect(canonicalPath('/api/users/ME/EXPORT')).toBe('/api/users/ME/export')
  expect(canonicalPath('/API/')).toBe('/api')
})
