/**
 * The hostile suite: each attack the trust-boundary review found (issue 23), each spelled several ways
 * — dot segments, repeated and encoded slashes, case, a trailing slash, method override headers, query
 * strings — as the attacker would send it with curl. Every call must leave the database as it was;
 * tests/boundary/*.test.ts beside this one cover each layer in depth (routes, fields, identity, accounts).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { tokenFor } from '../hardening/fixtures'
import { createController, createOption } from '../support/licensing-fixtures'
import { rawClient, type RawOptions } from '../support/raw-http'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

let server: TestServer
/** Sends the request target byte for byte (fetch would resolve the dot segments itself); a connection the server closed mid-body reads as status 0. */
let send: (method: string, target: string, opts?: RawOptions) => Promise<{ status: number; text: string }>
let customer: { id: string | number; email: string }
let victim: { id: string | number; email: string }
let manager: { id: string | number; email: string }
const token: Record<string, string> = {}
let order: { id: string | number; number: string }
let controller: { id: string | number }
let option: { id: string | number; code: string }

/** The ways a path can be spelled so that a naive matcher and Payload's router disagree. */
function spellings(path: string): string[] {
  const [, first, ...rest] = path.split('/') // '', 'api', ...
  const tail = rest.join('/')
  return [
    path,
    `${path}/`,
    `/${first}//${tail}`,
    `//${first}/${tail}`,
    `/${first}/./${tail}`,
    `/${first}/x/../${tail}`,
    `/${first}/x/%2e%2e/${tail}`,
    `/${first}/${tail.replace('/', '%2F')}`,
    `/${first.toUpperCase()}/${tail}`,
    `${path}?depth=0&draft=true&locale=ru`,
  ]
}

const orderCount = async () => (await server.payload.count({ collection: 'orders', overrideAccess: true })).totalDocs

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_LOGIN: '100000' })
  const raw = rawClient(server.url)
  send = (method, target, opts) => raw(method, target, opts).catch(() => ({ status: 0, text: 'connection closed' }))
  const p = server.payload
  customer = await createUser(p, 'customer')
  victim = await createUser(p, 'customer')
  manager = await createUser(p, 'manager')
  for (const u of [customer, victim, manager]) token[u.email] = await tokenFor(p, u.email)
  option = await createOption(p)
  controller = await createController(p, { owner: customer.id })
  const placed = await server.api('POST', '/api/orders', { token: token[customer.email], body: { controller: controller.id, items: [{ option: option.id }] } })
  expect(placed.status).toBe(201)
  order = placed.body.doc ?? placed.body.order ?? placed.body
})
afterAll(async () => {
  await server?.close()
})

describe('a customer cannot mint an order through duplicate', () => {
  const forged = () => ({ status: 'paid', total: 0, customer: victim.id, entitlementsSynced: false, bill: { seller: { iban: 'XX00 ATTACKER' } } })
  test.each(['POST', 'PUT', 'PATCH'])('as %s, every spelling', async (method) => {
    const before = await orderCount()
    const answers: string[] = []
    for (const path of spellings(`/api/orders/${order.id}/duplicate`)) {
      const overrides: Record<string, string>[] = [{}, { 'x-http-method-override': 'POST' }, { 'x-payload-http-method-override': 'POST' }]
      for (const headers of overrides) {
        const res = await send(method, path, { token: token[customer.email], body: forged(), headers })
        if (res.status < 300 || res.status >= 500) answers.push(`${method} ${path} ${JSON.stringify(headers)} → ${res.status}`)
      }
    }
    expect(answers).toEqual([])
    expect(await orderCount()).toBe(before)
  })

  test('placing an order ignores what only the server decides', async () => {
    const c = await createController(server.payload, { owner: customer.id })
    const res = await server.api('POST', '/api/orders', { token: token[customer.email], body: { controller: c.id, items: [{ option: option.id, unitPrice: 1 }], ...forged() } })
    expect(res.status).toBe(201)
    const placedNumber = (res.body.doc ?? res.body.order ?? res.body).number
    const stored = (await server.payload.find({ collection: 'orders', where: { number: { equals: placedNumber } }, overrideAccess: true, depth: 0 })).docs[0]
    expect({ status: stored.status, customer: String(stored.customer), total: stored.total }).toEqual({ status: 'awaiting_payment', customer: String(customer.id), total: 12900 })
    expect(stored.bill?.seller?.iban ?? '').not.toContain('ATTACKER')
  })
})

describe('an account cannot be taken over with a PATCH', () => {
  const attempts = (id: string | number): { method: string; path: string; headers?: Record<string, string> }[] => [
    ...spellings(`/api/users/${id}`).map((path) => ({ method: 'PATCH', path })),
    { method: 'PATCH', path: `/api/users?where[id][equals]=${id}` },
    { method: 'POST', path: `/api/users/${id}`, headers: { 'x-http-method-override': 'PATCH' } },
    { method: 'POST', path: `/api/users/${id}/duplicate` },
  ]

  test.each([
    ['the owner', () => customer, () => customer],
    ['a manager', () => manager, () => customer],
  ])('%s: e-mail and password stay as they were', async (_who, actor, target) => {
    const t = target()
    for (const a of attempts(t.id)) {
      const res = await send(a.method, a.path, { token: token[actor().email], body: { email: `taken-${Date.now()}@attacker.test`, password: 'attacker-password-1' }, headers: a.headers })
      expect({ call: `${a.method} ${a.path}`, status: res.status < 500 }).toEqual({ call: `${a.method} ${a.path}`, status: true })
    }
    const stored = await server.payload.findByID({ collection: 'users', id: t.id, overrideAccess: true })
    expect(stored.email).toBe(t.email)
    await expect(server.payload.login({ collection: 'users', data: { email: t.email, password: TEST_PASSWORD } })).resolves.toBeTruthy()
    await expect(server.payload.login({ collection: 'users', data: { email: t.email, password: 'attacker-password-1' } })).rejects.toBeTruthy()
  })
})

describe('staff cannot bypass payment in the controller form', () => {
  test('an unpaid option set to available by PATCH stays awaiting payment, every spelling', async () => {
    const c = await createController(server.payload, { owner: customer.id })
    const placed = await server.api('POST', '/api/orders', { token: token[customer.email], body: { controller: c.id, items: [{ option: option.id }] } })
    expect(placed.status).toBe(201)
    const stored = await server.payload.findByID({ collection: 'controllers', id: c.id, overrideAccess: true, depth: 0 })
    const rows = (stored.entitlements ?? []).map((r) => ({ ...r, state: 'available' as const }))
    expect(rows.length).toBe(1)
    for (const path of [...spellings(`/api/controllers/${c.id}`), `/api/controllers?where[id][equals]=${c.id}`]) {
      const res = await send('PATCH', path, { token: token[manager.email], body: { entitlements: rows } })
      expect({ path, status: res.status < 500 }).toEqual({ path, status: true })
    }
    const after = await server.payload.findByID({ collection: 'controllers', id: c.id, overrideAccess: true, depth: 0 })
    expect(after.entitlements?.map((r) => r.state)).toEqual(['awaiting_payment'])
    const apply = await server.api('POST', `/api/controllers/${c.id}/apply`, { token: token[customer.email], body: { options: [option.code] } })
    expect(apply.status).toBeGreaterThanOrEqual(400)
    expect(apply.status).toBeLessThan(500)
  })
})

describe('limits hold however the path is spelled', () => {
  test('forgot-password: once the limit is used up, no spelling gets through', async () => {
    for (let i = 0; i < 5; i += 1) await server.api('POST', '/api/users/forgot-password', { body: { email: `nobody${i}@example.test` } })
    const through: string[] = []
    for (const path of spellings('/api/users/forgot-password')) {
      const res = await send('POST', path, { body: { email: victim.email } })
      if (res.status < 300 || res.status >= 500) through.push(`${path} → ${res.status}`)
    }
    expect(through).toEqual([])
  })

  test('data export: once the limit is used up, no spelling gets through', async () => {
    for (let i = 0; i < 10; i += 1) await server.api('GET', `/api/users/${customer.id}/export`, { token: token[customer.email] })
    const through: string[] = []
    for (const path of [...spellings(`/api/users/${customer.id}/export`), '/api/x/../users/me/export', `/api/media/../users/${customer.id}/export`]) {
      const res = await send('GET', path, { token: token[customer.email] })
      if (res.status < 300 || res.status >= 500) through.push(`${path} → ${res.status}`)
    }
    expect(through).toEqual([])
  })

  test('a 5 MB body is refused at the login, however the path is spelled', async () => {
    const big = JSON.stringify({ email: victim.email, password: 'x'.repeat(5 * 1024 * 1024) })
    const accepted: string[] = []
    for (const path of [...spellings('/api/users/login'), '/api/media/../users/login', '/api/media/%2e%2e/users/login']) {
      const res = await send('POST', path, { rawBody: big, headers: { 'content-type': 'application/json' } })
      if (![0, 400, 404, 413].includes(res.status)) accepted.push(`${path} → ${res.status}`)
    }
    expect(accepted).toEqual([])
  })

  test("the admin's look-ups through a method override are reads, not registrations", async () => {
    for (let i = 0; i < 15; i += 1) {
      const res = await server.api('POST', '/api/users', {
        token: token[manager.email],
        rawBody: `limit=10&page=${i + 1}&depth=0`,
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-payload-http-method-override': 'GET' },
      })
      expect(res.status).toBe(200)
    }
    const registration = await server.api('POST', '/api/users', {
      body: { email: `newcomer-${Date.now()}@example.test`, password: 'long-password-1', name: 'Newcomer', phone: '+49 30 1234567', privacyAccepted: true },
    })
    expect(registration.status).toBe(201)
  })
})
