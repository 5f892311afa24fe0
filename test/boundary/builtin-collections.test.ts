/**
 * Payload's own collections over REST, as anonymous, customers, an editor and a manager: payload-jobs
 * (whose inputs carry e-mail addresses and links with tokens), payload-preferences,
 * payload-locked-documents, payload-migrations and payload-kv. Nobody reads a job's input but staff,
 * and nobody at all a token in it; nobody reads another user's preferences or locks they have no
 * business with; nothing is written through them but what the admin itself needs.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { queueEmail } from '@/mail/queue-email'
import { BOUNDARY_ROLES, countOf, placeOrder, startBoundary, type Boundary, type BoundaryRole } from '../support/boundary'

let b: Boundary
let jobId: string | number
let lockId: string | number
let orderId: string | number
const SECRET = 'closure-token-d3adb33fd3adb33f'

beforeAll(async () => {
  // No job runner: the queued e-mail stays in payload-jobs for the test to look for.
  b = await startBoundary({ JOBS_IN_PROCESS: 'false' })
  const p = b.server.payload
  await queueEmail(p, { template: 'account-closure', to: b.users.owner.email, lang: 'en', context: { name: 'Owner', url: `${b.server.url}/close-account?token=${SECRET}` } })
  jobId = (await p.find({ collection: 'payload-jobs', where: { 'input.to': { equals: b.users.owner.email } }, overrideAccess: true })).docs[0].id
  orderId = (await placeOrder(b)).id
  await p.db.create({ collection: 'payload-preferences', data: { key: 'collection-orders', user: { relationTo: 'users', value: b.users.manager.id }, value: { columns: ['number'], note: 'manager-private-pref' } } })
  lockId = (await p.db.create({ collection: 'payload-locked-documents', data: { document: { relationTo: 'orders', value: orderId }, user: { relationTo: 'users', value: b.users.manager.id } } })).id
})
afterAll(async () => {
  await b?.server.close()
})

const NOT_STAFF: BoundaryRole[] = ['anonymous', 'owner', 'other', 'editor']
const call = (role: BoundaryRole, method: string, path: string, body?: unknown, headers?: Record<string, string>) => b.server.api(method, path, { token: b.tokens[role], body, headers })

describe('payload-jobs', () => {
  test.each(NOT_STAFF)('%s reads no job, runs none and writes none', async (role) => {
    const before = await countOf(b.server.payload, 'payload-jobs')
    for (const res of [
      await call(role, 'GET', '/api/payload-jobs?depth=2&limit=100'),
      await call(role, 'GET', `/api/payload-jobs/${jobId}?locale=ru`),
      await call(role, 'POST', '/api/payload-jobs?depth=0&draft=true', { 'where[taskSlug][equals]': 'sendEmail' }, { 'X-HTTP-Method-Override': 'GET' }),
      await call(role, 'GET', '/api/payload-jobs/versions'),
    ]) {
      expect(res.text).not.toContain(b.users.owner.email)
      expect(res.text).not.toContain(SECRET)
      expect(res.status).toBeLessThan(500)
    }
    expect([401, 403]).toContain((await call(role, 'GET', '/api/payload-jobs/run?limit=1')).status)
    expect([401, 403, 404]).toContain((await call(role, 'GET', '/api/payload-jobs/handle-schedules')).status) // 404: not served here (src/server/unserved-builtin-routes.ts)
    expect([401, 403, 404]).toContain((await call(role, 'POST', '/api/payload-jobs', { taskSlug: 'sendEmail', input: { template: 'verify-email', to: 'x@example.test', lang: 'en', context: {} } })).status)
    expect([401, 403, 404]).toContain((await call(role, 'PATCH', `/api/payload-jobs/${jobId}`, { input: { to: 'attacker@example.test' }, waitUntil: new Date().toISOString() })).status)
    expect([401, 403, 404]).toContain((await call(role, 'DELETE', `/api/payload-jobs/${jobId}`)).status)
    expect(await countOf(b.server.payload, 'payload-jobs')).toBe(before)
    const job = await b.server.payload.findByID({ collection: 'payload-jobs', id: jobId, overrideAccess: true })
    expect((job.input as { to: string }).to).toBe(b.users.owner.email)
  })

  test('a manager reads jobs (what failed and for whom) but never a token inside one, and cannot run them over REST', async () => {
    const list = await call('manager', 'GET', '/api/payload-jobs?limit=100&depth=1')
    expect(list.status).toBe(200)
    expect(list.text).toContain(b.users.owner.email)
    expect(list.text).not.toContain(SECRET)
    expect(list.text).toContain('token=[hidden]')
    const one = await call('manager', 'GET', `/api/payload-jobs/${jobId}`)
    expect(one.text).not.toContain(SECRET)
    expect([401, 403]).toContain((await call('manager', 'GET', '/api/payload-jobs/run?limit=1')).status)
    // The runner itself still sends the real link.
    const stored = await b.server.payload.db.findOne({ collection: 'payload-jobs', where: { id: { equals: jobId } } })
    expect(JSON.stringify(stored)).toContain(SECRET)
  })
})

describe('payload-preferences', () => {
  test.each(BOUNDARY_ROLES.filter((r) => r !== 'manager'))('%s never sees the manager’s preferences; a customer writes none', async (role) => {
    const before = await countOf(b.server.payload, 'payload-preferences')
    for (const path of ['/api/payload-preferences?limit=100&depth=2', '/api/payload-preferences/collection-orders', `/api/payload-preferences?where[user.value][equals]=${b.users.manager.id}&locale=ru`]) {
      const res = await call(role, 'GET', path)
      expect(res.status).toBeLessThan(500)
      expect(res.text).not.toContain('manager-private-pref')
    }
    if (role === 'anonymous' || role === 'owner' || role === 'other') {
      expect([401, 403]).toContain((await call(role, 'POST', '/api/payload-preferences/portal-note', { value: { x: 1 } })).status)
      expect([401, 403]).toContain((await call(role, 'POST', '/api/payload-preferences', { key: 'k', value: { x: 1 }, user: { relationTo: 'users', value: b.users.manager.id } })).status)
      expect(await countOf(b.server.payload, 'payload-preferences')).toBe(before)
    }
  })

  test('the manager reads and keeps their own, as the admin does', async () => {
    expect((await call('manager', 'GET', '/api/payload-preferences/collection-orders')).text).toContain('manager-private-pref')
    expect((await call('manager', 'POST', '/api/payload-preferences/nav', { value: { open: ['Sales'] } })).status).toBe(200)
  })
})

describe('payload-locked-documents', () => {
  test.each(['anonymous', 'owner', 'other'] as BoundaryRole[])('%s sees no lock, makes none and moves none', async (role) => {
    const before = await countOf(b.server.payload, 'payload-locked-documents')
    const list = await call(role, 'GET', '/api/payload-locked-documents?depth=2&limit=100')
    expect(list.text).not.toContain(b.users.manager.email)
    expect(list.body?.docs ?? []).toEqual([])
    expect([401, 403]).toContain((await call(role, 'GET', `/api/payload-locked-documents/${lockId}`)).status)
    expect([401, 403]).toContain((await call(role, 'POST', '/api/payload-locked-documents', { document: { relationTo: 'orders', value: orderId }, user: { relationTo: 'users', value: b.users[role === 'anonymous' ? 'owner' : (role as 'owner')].id } })).status)
    expect([401, 403, 404]).toContain((await call(role, 'PATCH', `/api/payload-locked-documents/${lockId}`, { user: { relationTo: 'users', value: b.users.owner.id } })).status)
    expect([401, 403, 404]).toContain((await call(role, 'DELETE', `/api/payload-locked-documents/${lockId}`)).status)
    expect(await countOf(b.server.payload, 'payload-locked-documents')).toBe(before)
  })

  test('an admin user takes a lock over only for themselves and creates none over REST', async () => {
    const before = await countOf(b.server.payload, 'payload-locked-documents')
    expect([401, 403]).toContain((await call('editor', 'POST', '/api/payload-locked-documents', { document: { relationTo: 'orders', value: orderId }, user: { relationTo: 'users', value: b.users.editor.id } })).status)
    expect(await countOf(b.server.payload, 'payload-locked-documents')).toBe(before)
    // Moving the manager's lock to somebody else, or onto another document: the lock stays as it is.
    await call('editor', 'PATCH', `/api/payload-locked-documents/${lockId}`, { user: { relationTo: 'users', value: b.users.owner.id }, document: { relationTo: 'controllers', value: b.controller.id } })
    const lock = await b.server.payload.findByID({ collection: 'payload-locked-documents', id: lockId, depth: 0, overrideAccess: true })
    expect(lock.user).toEqual({ relationTo: 'users', value: b.users.manager.id })
    expect(lock.document).toEqual({ relationTo: 'orders', value: orderId })
    // The admin's take-over: the lock moves to the person taking it.
    expect((await call('admin', 'PATCH', `/api/payload-locked-documents/${lockId}`, { user: { relationTo: 'users', value: b.users.admin.id } })).status).toBe(200)
    expect((await b.server.payload.findByID({ collection: 'payload-locked-documents', id: lockId, depth: 0, overrideAccess: true })).user).toEqual({ relationTo: 'users', value: b.users.admin.id })
  })
})

describe('payload-migrations and payload-kv', () => {
  test.each(BOUNDARY_ROLES)('%s reads and writes nothing', async (role) => {
    const migrations = await countOf(b.server.payload, 'payload-migrations')
    expect(migrations).toBeGreaterThan(0)
    for (const slug of ['payload-migrations', 'payload-kv']) {
      const list = await call(role, 'GET', `/api/${slug}?limit=100`)
      expect([401, 403, 404]).toContain(list.status)
      expect(list.text).not.toMatch(/"batch"|"data"/)
      expect([401, 403, 404]).toContain((await call(role, 'POST', `/api/${slug}`, { name: 'x', batch: 1, key: 'x', data: {} })).status)
    }
    expect(await countOf(b.server.payload, 'payload-migrations')).toBe(migrations)
  })
})

describe('response hygiene', () => {
  test('no collection answers with private key material, password material or a token, at any depth, to anybody', async () => {
    // A license issued, so signing keys exist and licenses point at controllers and their owners.
    await b.server.api('POST', `/api/controllers/${b.controller.id}/apply`, { token: b.tokens.owner, body: { options: [] } })
    const token = b.tokens.owner!
    const forbidden = [/PRIVATE KEY/, /privateKey/i, /"(salt|hash)"/, /resetPasswordToken|_verificationToken|emailChangeToken/, new RegExp(SECRET), /[?&][a-z_]*token=(?!\[hidden\])/i, new RegExp(token.slice(-24).replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))]
    const seen: string[] = []
    for (const c of b.server.payload.config.collections) {
      for (const role of ['owner', 'editor', 'manager', 'admin'] as BoundaryRole[]) {
        for (const query of ['?limit=50&depth=0', '?limit=50&depth=3', '?limit=50&depth=3&locale=ru&draft=true']) {
          const res = await call(role, 'GET', `/api/${c.slug}${query}`)
          expect(res.status).toBeLessThan(500)
          if (res.status === 200 && res.body?.totalDocs > 0) seen.push(c.slug)
          for (const pattern of forbidden) expect({ slug: c.slug, role, query, leak: pattern.exec(res.text)?.[0] ?? null }).toEqual({ slug: c.slug, role, query, leak: null })
        }
      }
    }
    // The check looked at real documents of the collections that hold secrets next to what they show.
    for (const slug of ['signing-keys', 'payload-jobs', 'users', 'licenses', 'controllers', 'orders']) expect(seen).toContain(slug)
  })
})
