/**
 * The access matrix: every licensing collection and endpoint × every role (and anonymous) ×
 * create/read/update/delete, with the expected result in each cell, checked over real HTTP.
 * "owner" is the customer whose controller/order/license the row is about; "other" another customer.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { issueLicense } from '@/domain/issue-license'
import { login } from '../support/http'
import { createController, createOption, requestCodeFor } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

type Role = 'anonymous' | 'owner' | 'other' | 'editor' | 'manager' | 'admin'
const ROLES: Role[] = ['anonymous', 'owner', 'other', 'editor', 'manager', 'admin']
type Cell = 'allow' | 'deny'
type Row = Record<Role, Cell>

const row = (allowed: Role[]): Row => Object.fromEntries(ROLES.map((r) => [r, allowed.includes(r) ? 'allow' : 'deny'])) as Row
const ALL = row(ROLES)
const NONE = row([])
const STAFF = row(['manager', 'admin'])
const ADMIN = row(['admin'])
const OWNER_AND_STAFF = row(['owner', 'manager', 'admin'])

// collection → operation → who may.
const matrix: Record<string, Record<'create' | 'read' | 'update' | 'delete', Row>> = {
  users: { create: ALL, read: OWNER_AND_STAFF, update: OWNER_AND_STAFF, delete: ADMIN },
  controllers: { create: STAFF, read: OWNER_AND_STAFF, update: STAFF, delete: STAFF },
  orders: { create: OWNER_AND_STAFF, read: OWNER_AND_STAFF, update: STAFF, delete: ADMIN },
  payments: { create: NONE, read: STAFF, update: NONE, delete: NONE },
  licenses: { create: NONE, read: OWNER_AND_STAFF, update: NONE, delete: NONE },
  options: { create: STAFF, read: ALL, update: STAFF, delete: STAFF },
  'signing-keys': { create: NONE, read: ADMIN, update: NONE, delete: NONE },
}
const endpoints: Record<string, Row> = {
  'POST /api/controllers/claim': row(['owner', 'other']),
  'POST /api/controllers/:id/apply': OWNER_AND_STAFF,
  'GET /api/licenses/:id/download': OWNER_AND_STAFF,
  'GET /api/license-keys': ALL,
  'POST /api/signing-keys/rotate': ADMIN,
  'GET /api/users/:id/export': OWNER_AND_STAFF,
  // Payload's built-in copy of an order ran with the collection's create rule (any logged-in user) and took any field.
  'POST /api/orders/:id/duplicate': NONE,
}

let server: TestServer
const tokens: Partial<Record<Role, string>> = {}
const users: Partial<Record<Role, { id: string | number; email: string }>> = {}
let option: { id: string | number }
// Fixture orders are written directly; their numbers must not meet each other or the placed orders'.
let orderCounter = 0
const fixtureOrderNumber = () => `PMX-2099-${String(++orderCounter).padStart(6, '0')}`

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_LOGIN: '100000' })
  for (const role of ROLES.filter((r) => r !== 'anonymous')) {
    const u = await createUser(server.payload, role === 'owner' || role === 'other' ? 'customer' : role)
    users[role] = u as never
    tokens[role] = await login(server.api, u.email, TEST_PASSWORD)
  }
  option = await createOption(server.payload)
})
afterAll(async () => {
  await server?.close()
})

/**
 * A fresh set of documents belonging to the owner. The roles of a read, update, delete or endpoint row
 * share one: reading changes nothing, what an allowed update writes does not change who may act on the
 * document, and each delete cell gets a document of its own (unreferenced below). Each create cell gets
 * its own, as an order placed by one role would refuse the same order by the next (already ordered).
 */
async function fixture() {
  const p = server.payload
  const owner = users.owner!
  const controller = await createController(p, { owner: owner.id, notes: 'staff only' })
  const opt = await createOption(p)
  const order = await p.create({
    collection: 'orders',
    overrideAccess: true,
    data: { number: fixtureOrderNumber(), customer: owner.id, controller: controller.id, items: [{ option: opt.id, code: opt.code, unitPrice: 100, currency: 'EUR' }], total: 100, currency: 'EUR', status: 'awaiting_payment' } as never,
  })
  const payment = await p.create({ collection: 'payments', overrideAccess: true, data: { paymentId: `pay_${Math.random()}`, order: order.id, amount: 100, currency: 'EUR', receivedAt: new Date().toISOString() } })
  const license = await issueLicense(p, { controllerId: controller.id, options: [] })
  const key = (await p.find({ collection: 'signing-keys', limit: 1, overrideAccess: true })).docs[0]
  return { users: users.owner!, controllers: controller, orders: order, payments: payment, licenses: license, options: opt, 'signing-keys': key }
}

/** Documents nothing refers to, for the delete cells (referenced ones are refused with 409: see below). */
async function unreferenced(collection: string, f: Awaited<ReturnType<typeof fixture>>): Promise<{ id: string | number }> {
  const p = server.payload
  if (collection === 'users') return createUser(p, 'customer')
  if (collection === 'controllers') return createController(p, { owner: users.owner!.id })
  if (collection === 'options') return createOption(p)
  if (collection === 'orders') {
    return p.create({
      collection: 'orders',
      overrideAccess: true,
      data: { number: fixtureOrderNumber(), customer: users.owner!.id, controller: f.controllers.id, items: [{ option: f.options.id, code: f.options.code, unitPrice: 1, currency: 'EUR' }], total: 1, currency: 'EUR', status: 'cancelled' } as never,
    })
  }
  return f[collection as keyof typeof f] as { id: string | number }
}

function createBody(collection: string, f: Awaited<ReturnType<typeof fixture>>) {
  switch (collection) {
    case 'users':
      return { email: `reg-${Math.random().toString(36).slice(2)}@example.test`, password: 'long-password-1', name: 'New', phone: '+49 30 1234567', privacyAccepted: true }
    case 'controllers':
      return { serial: String(3000000000 + Math.floor(Math.random() * 1e8)), modelId: 3, model: 'NC-300', hardwareId: Math.random().toString(16).slice(2, 10).padEnd(32, 'a') }
    case 'orders':
      return { controller: f.controllers.id, items: [{ option: option.id }] }
    case 'options':
      return { code: `N${Math.random().toString(36).slice(2, 8).toUpperCase()}`, name: 'New option', price: 100, currency: 'EUR', modelIds: [3] }
    default:
      return { anything: 'x' }
  }
}
const updateBody: Record<string, unknown> = { users: { name: 'Changed' }, controllers: { model: 'NC-300 rev B' }, orders: { statusReason: 'note' }, payments: { amount: 1 }, licenses: { kid: 'x' }, options: { price: 101 }, 'signing-keys': { status: 'retired' } }

const outcome = (status: number): Cell | `unexpected ${number}` => (status >= 200 && status < 300 ? 'allow' : [401, 403, 404].includes(status) ? 'deny' : `unexpected ${status}`)

describe.each(Object.keys(matrix))('%s', (collection) => {
  test.each(['create', 'read', 'update', 'delete'] as const)('%s', async (op) => {
    const results: Record<string, string> = {}
    const shared = op === 'create' ? null : await fixture()
    for (const role of ROLES) {
      const f = shared ?? (await fixture())
      const doc = op === 'delete' ? await unreferenced(collection, f) : (f[collection as keyof typeof f] as { id: string | number })
      const token = tokens[role]
      const path = `/api/${collection}${op === 'create' ? '' : `/${doc.id}`}`
      const method = { create: 'POST', read: 'GET', update: 'PATCH', delete: 'DELETE' }[op]
      const body = op === 'create' ? createBody(collection, f) : op === 'update' ? updateBody[collection] : undefined
      const res = await server.api(method, path, { token, body })
      results[role] = outcome(res.status)
      if (op === 'read' && res.status === 200 && collection === 'controllers' && role === 'owner') {
        expect(res.body.notes).toBeUndefined() // staff notes stay with staff
        expect(res.body.hardwareId).toMatch(/^[0-9a-f]{32}$/) // the owner sees their own hardware id
      }
      if (res.status === 200 && collection === 'signing-keys') expect(res.text).not.toMatch(/PRIVATE|privateKey/)
    }
    expect(results).toEqual(matrix[collection][op])
  })
})

test.each(Object.keys(endpoints))('%s', async (endpoint) => {
  const results: Record<string, string> = {}
  const f = await fixture()
  for (const role of ROLES) {
    const token = tokens[role]
    let res
    if (endpoint === 'POST /api/controllers/claim') {
      const fresh = await createController(server.payload)
      res = await server.api('POST', '/api/controllers/claim', { token, body: { requestCode: requestCodeFor(fresh as never) } })
    } else if (endpoint === 'POST /api/controllers/:id/apply') {
      res = await server.api('POST', `/api/controllers/${f.controllers.id}/apply`, { token, body: { options: [] } })
    } else if (endpoint === 'GET /api/licenses/:id/download') {
      res = await server.api('GET', `/api/licenses/${f.licenses.id}/download`, { token })
    } else if (endpoint === 'GET /api/users/:id/export') {
      res = await server.api('GET', `/api/users/${users.owner!.id}/export`, { token })
    } else if (endpoint === 'POST /api/orders/:id/duplicate') {
      res = await server.api('POST', `/api/orders/${f.orders.id}/duplicate`, { token, body: { status: 'paid', total: 0 } })
    } else if (endpoint === 'GET /api/license-keys') {
      res = await server.api('GET', '/api/license-keys', { token })
    } else {
      res = await server.api('POST', '/api/signing-keys/rotate', { token, body: { confirm: true } })
    }
    results[role] = outcome(res.status)
  }
  expect(results).toEqual(endpoints[endpoint])
})

test('documents with history cannot be deleted: 409 with what to do instead', async () => {
  const f = await fixture()
  const cases: [string, string | number, RegExp][] = [
    ['controllers', f.controllers.id, /license.*Release/],
    ['options', option.id, /off sale/],
    ['orders', f.orders.id, /payment.*Cancel/],
    ['users', users.owner!.id, /controller/],
  ]
  await server.api('POST', '/api/orders', { token: tokens.owner, body: { controller: f.controllers.id, items: [{ option: option.id }] } })
  for (const [collection, id, message] of cases) {
    const res = await server.api('DELETE', `/api/${collection}/${id}`, { token: tokens.admin })
    expect({ collection, status: res.status }).toEqual({ collection, status: 409 })
    expect(res.text).toMatch(message)
  }
})

test('a customer reads the options on their own controllers even when off sale, and no other off-sale option', async () => {
  const p = server.payload
  const factoryOnly = await createOption(p, { onSale: false })
  const secret = await createOption(p, { onSale: false })
  await createController(p, { owner: users.owner!.id, factoryOptions: [factoryOnly.id] })
  const seen = async (role: Role) => (await server.api('GET', '/api/options?limit=1000', { token: tokens[role] })).body.docs.map((o: { id: unknown }) => String(o.id))
  expect(await seen('owner')).toContain(String(factoryOnly.id))
  expect(await seen('owner')).not.toContain(String(secret.id))
  expect(await seen('other')).not.toContain(String(factoryOnly.id))
  expect(await seen('anonymous')).not.toContain(String(factoryOnly.id))
  expect(await seen('manager')).toContain(String(secret.id))
})
