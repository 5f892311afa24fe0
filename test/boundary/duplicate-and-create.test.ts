/**
 * Payload's built-in ways into create, tried as every role over real HTTP: POST /api/<slug>/:id/duplicate
 * (which runs with the collection's own create rule, whatever endpoint replaced POST /api/<slug>), and
 * the place-order endpoint with fields a customer must not choose. Nothing may be created that the
 * caller could not create anyway, and an order is always priced, owned and started by the server.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { BOUNDARY_ROLES, countOf, placeOrder, startBoundary, type Boundary, type BoundaryRole } from '../support/boundary'
import { createOption } from '../support/licensing-fixtures'

let b: Boundary

beforeAll(async () => {
  b = await startBoundary()
})
afterAll(async () => {
  await b?.server.close()
})

/** What an attacker writes into the copy: paid for nothing, someone else's, with their own bank account. */
const forged = () => ({
  status: 'paid',
  total: 0,
  currency: 'EUR',
  customer: b.users.other.id,
  controller: b.controller.id,
  placedBy: b.users.other.id,
  entitlementsSynced: false,
  paymentReference: 'FORGED',
  items: [{ option: b.option.id, code: b.option.code, unitPrice: 0, currency: 'EUR' }],
  bill: { seller: { name: 'Totally PUMOTIX', iban: 'XX00 ATTACKER 0000', bic: 'EVILXXXX' }, buyer: { name: 'Victim', email: 'victim@example.test' } },
})

const PATHS = ['', '?depth=0&draft=true', '?locale=ru', '?locale=ru&fallback-locale=none&depth=2']

describe('POST /api/orders/:id/duplicate', () => {
  test.each(BOUNDARY_ROLES)('as %s: refused, nothing created', async (role) => {
    const order = await placeOrder(b)
    const before = await countOf(b.server.payload, 'orders')
    for (const query of PATHS) {
      const res = await b.server.api('POST', `/api/orders/${order.id}/duplicate${query}`, { token: b.tokens[role], body: forged() })
      expect([400, 401, 403, 404, 405]).toContain(res.status)
    }
    // The same call spelled as a read (the admin's relationship fetches): still nothing created.
    const overridden = await b.server.api('POST', `/api/orders/${order.id}/duplicate`, { token: b.tokens[role], body: forged(), headers: { 'X-HTTP-Method-Override': 'GET' } })
    expect(overridden.status).toBeLessThan(500)
    expect(await countOf(b.server.payload, 'orders')).toBe(before)
    const unchanged = await b.server.payload.findByID({ collection: 'orders', id: order.id, depth: 0, overrideAccess: true })
    expect(unchanged.status).toBe('awaiting_payment')
  })
})

describe('POST /api/orders (the place-order endpoint)', () => {
  test('a customer cannot choose status, total, customer, bill or the sync marker: the server decides them', async () => {
    const option = await createOption(b.server.payload, { price: 4500 })
    const res = await b.server.api('POST', '/api/orders?depth=0&draft=true', { token: b.tokens.owner, body: { ...forged(), items: [{ option: option.id }], number: 'PMX-FORGED-1' } })
    expect(res.status).toBe(201)
    const read = await b.server.api('GET', `/api/orders/${res.body.doc.id}?depth=0`, { token: b.tokens.owner })
    expect(read.status).toBe(200)
    expect(read.body).toMatchObject({ status: 'awaiting_payment', total: 4500, customer: b.users.owner.id, placedBy: b.users.owner.id })
    expect(read.body.number).not.toBe('PMX-FORGED-1')
    expect(read.body.bill.seller.iban).not.toMatch(/ATTACKER/)
    expect(read.body.bill.buyer.email).toBe(b.users.owner.email)
    const stored = await b.server.payload.findByID({ collection: 'orders', id: res.body.doc.id, depth: 0, overrideAccess: true })
    expect(stored.entitlementsSynced).toBe(true)
  })

  test('an order placed by one customer on another customer’s controller is refused', async () => {
    const before = await countOf(b.server.payload, 'orders')
    const res = await b.server.api('POST', '/api/orders', { token: b.tokens.other, body: { controller: b.controller.id, items: [{ option: b.option.id }], customer: b.users.other.id } })
    expect(res.status).toBe(404)
    expect(await countOf(b.server.payload, 'orders')).toBe(before)
  })

  test('PATCH by staff cannot rewrite what was billed, nor a customer anything', async () => {
    const order = await placeOrder(b, (await createOption(b.server.payload, { price: 700 })).id)
    for (const role of ['owner', 'other', 'editor'] as BoundaryRole[]) {
      expect([401, 403, 404]).toContain((await b.server.api('PATCH', `/api/orders/${order.id}?locale=ru`, { token: b.tokens[role], body: forged() })).status)
    }
    const { status, paymentReference, ...billed } = forged()
    void status
    void paymentReference
    const res = await b.server.api('PATCH', `/api/orders/${order.id}?depth=0`, { token: b.tokens.manager, body: { ...billed, statusReason: 'looked at it' } })
    expect(res.status).toBe(200)
    const stored = await b.server.payload.findByID({ collection: 'orders', id: order.id, depth: 0, overrideAccess: true })
    expect(stored).toMatchObject({ status: 'awaiting_payment', total: 700, customer: b.users.owner.id, entitlementsSynced: true, statusReason: 'looked at it' })
    expect(stored.bill?.seller?.iban ?? '').not.toMatch(/ATTACKER/)
  })
})

describe('POST /api/orders/versions/:id (restoring an order from its history)', () => {
  test('refused for everybody, staff included; the order stays as it is', async () => {
    const order = await placeOrder(b)
    expect((await b.server.api('PATCH', `/api/orders/${order.id}`, { token: b.tokens.manager, body: { status: 'cancelled', statusReason: 'ordered twice' } })).status).toBe(200)
    const versions = await b.server.api('GET', `/api/orders/versions?where[parent][equals]=${order.id}&sort=createdAt`, { token: b.tokens.manager })
    expect(versions.status).toBe(200)
    const first = versions.body.docs[0]
    expect(first.version.status).toBe('awaiting_payment')
    for (const role of BOUNDARY_ROLES) {
      const res = await b.server.api('POST', `/api/orders/versions/${first.id}?depth=0`, { token: b.tokens[role] })
      expect([400, 401, 403, 404]).toContain(res.status)
    }
    expect((await b.server.payload.findByID({ collection: 'orders', id: order.id, depth: 0, overrideAccess: true })).status).toBe('cancelled')
    // Customers do not read the history of orders at all (it holds every bill's buyer).
    for (const role of ['owner', 'other', 'editor'] as BoundaryRole[]) {
      const res = await b.server.api('GET', '/api/orders/versions?limit=100&depth=2', { token: b.tokens[role] })
      expect([401, 403]).toContain(res.status)
      expect(res.text).not.toContain(b.users.owner.email)
    }
  })
})

/** Collections whose create is staff- or editor-only and where a copy is therefore harmless (see collections/*). */
const DUPLICATE_ALLOWED: Record<string, BoundaryRole[]> = { options: ['manager', 'admin'], news: ['editor', 'admin'] }

/** One document in each collection, so every duplicate route is tried on something that exists. */
async function oneOfEach(): Promise<Record<string, string | number>> {
  const p = b.server.payload
  const now = new Date().toISOString()
  await placeOrder(b, (await createOption(p)).id)
  await p.create({ collection: 'news', overrideAccess: true, data: { title: 'Boundary news', slug: `boundary-${Date.now()}`, category: 'news', _status: 'draft' } as never, draft: true })
  await p.create({ collection: 'help-pages', overrideAccess: true, data: { title: 'Help', slug: `help-${Date.now()}`, published: true } as never })
  const raw: Record<string, Record<string, unknown>> = {
    payments: { paymentId: `pay_${Date.now()}`, order: (await p.find({ collection: 'orders', limit: 1, overrideAccess: true })).docs[0].id, amount: 1, currency: 'EUR', receivedAt: now },
    licenses: { licenseId: `L-${Date.now()}`, controller: b.controller.id, serial: b.controller.serial, sequence: 99, options: [], format: 1, kid: 'k', alg: 'ed25519', sha256: 'x', issuedAt: now, file: 'x' },
    'option-terms': { key: `t-${Date.now()}`, controller: b.controller.id, option: b.option.id, code: b.option.code, kind: 'grant', from: now, until: now },
    'signing-keys': { kid: `kid-${Date.now()}`, alg: 'ed25519', status: 'retired', publicKey: 'x', privateKeyEncrypted: 'x' },
    'root-keys': { kid: `root-${Date.now()}`, alg: 'ed25519', source: 'uploaded', publicKey: 'x' },
    'revocation-lists': { list: 'x', number: 99999, issuedAt: now, rootKid: 'x', revoked: [] },
    media: { alt: 'x', filename: 'x.png', mimeType: 'image/png' },
    'news-deliveries': { key: `n:${Date.now()}`, status: 'sent', email: 'subscriber@example.test' },
    'rate-limit-counters': { key: `rl-${Date.now()}`, hits: 1, resetAt: now },
    'lock-leases': { key: `lease-${Date.now()}`, token: 'x', expiresAt: now },
    'payload-preferences': { key: 'nav', user: { relationTo: 'users', value: b.users.manager.id }, value: { open: true } },
    'payload-locked-documents': { document: { relationTo: 'orders', value: (await p.find({ collection: 'orders', limit: 1, overrideAccess: true })).docs[0].id }, user: { relationTo: 'users', value: b.users.manager.id } },
    'payload-jobs': { taskSlug: 'sendEmail', input: { to: 'someone@example.test' } },
    'payload-migrations': { name: 'boundary', batch: 99 },
    'payload-kv': { key: `boundary-${Date.now()}`, data: { x: 1 } },
  }
  const ids: Record<string, string | number> = {}
  for (const c of p.config.collections) {
    let doc = (await p.find({ collection: c.slug as 'orders', limit: 1, depth: 0, overrideAccess: true })).docs[0] as { id: string | number } | undefined
    if (!doc && raw[c.slug]) doc = (await p.db.create({ collection: c.slug, data: raw[c.slug] })) as { id: string | number }
    if (doc) ids[c.slug] = doc.id
  }
  return ids
}

describe('POST /api/<slug>/:id/duplicate on every collection of the running config', () => {
  test('refused for every role, except a copy by the staff or editors who may create it anyway', async () => {
    const ids = await oneOfEach()
    const slugs = b.server.payload.config.collections.map((c) => c.slug)
    expect(slugs.filter((s) => ids[s] === undefined)).toEqual([]) // every route tried on a real document
    const created: string[] = []
    for (const slug of slugs) {
      for (const role of BOUNDARY_ROLES) {
        const before = await countOf(b.server.payload, slug)
        const query = role === 'editor' ? '?locale=ru' : role === 'other' ? '?depth=0&draft=true' : ''
        const res = await b.server.api('POST', `/api/${slug}/${ids[slug]}/duplicate${query}`, { token: b.tokens[role], body: {} })
        const after = await countOf(b.server.payload, slug)
        expect(res.status).toBeLessThan(500)
        if (DUPLICATE_ALLOWED[slug]?.includes(role)) {
          if (after !== before) created.push(`${slug} by ${role}`)
          continue
        }
        expect({ slug, role, status: res.status, created: after - before }).toEqual({ slug, role, status: expect.any(Number), created: 0 })
        expect(res.status).toBeGreaterThanOrEqual(400)
      }
    }
    // Only the allowed roles ever made a copy (or none did: a copy needing a unique code or slug is refused).
    for (const c of created) expect(Object.entries(DUPLICATE_ALLOWED).some(([slug, roles]) => roles.some((r) => c === `${slug} by ${r}`))).toBe(true)
  })
})
