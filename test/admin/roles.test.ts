/**
 * Each staff role sees its own part of the back office: the admin navigation (admin.hidden per
 * collection) and the REST API agree. admin: everything; manager: the licensing business; editor:
 * content only; customers never use the admin.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { login } from '../support/http'
import { createController, createOption, requestCodeFor } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

type Role = 'admin' | 'manager' | 'editor' | 'customer'
let server: TestServer
const users: Record<string, { id: string | number; email: string; roles: string[] }> = {}
const tokens: Record<string, string> = {}

beforeAll(async () => {
  server = await startTestServer()
  const { payload, api } = server
  for (const role of ['admin', 'manager', 'editor', 'customer'] as Role[]) {
    users[role] = (await createUser(payload, role)) as never
    tokens[role] = await login(api, users[role].email, TEST_PASSWORD)
  }
  // Business data that belongs to somebody else: a claimed controller with an order and a license.
  const option = await createOption(payload, { onSale: true })
  await createOption(payload, { onSale: false })
  const controller = await createController(payload)
  const owner = await createUser(payload, 'customer')
  const ownerToken = await login(api, owner.email, TEST_PASSWORD)
  await api('POST', '/api/controllers/claim', { token: ownerToken, body: { requestCode: requestCodeFor(controller) } })
  await api('POST', '/api/orders', { token: ownerToken, body: { controller: controller.id, items: [{ option: option.id }] } })
  await api('POST', `/api/controllers/${controller.id}/apply`, { token: ownerToken, body: { options: [] } })
})
afterAll(async () => {
  await server?.close()
})

const LICENSING = ['users', 'controllers', 'orders', 'payments', 'licenses', 'options', 'audit-events']
const CONTENT = ['news', 'media']

function visibleIn(role: Role): string[] {
  const user = { ...users[role], collection: 'users' }
  return server.payload.config.collections
    .filter((c) => {
      const hidden = c.admin?.hidden
      return !(typeof hidden === 'function' ? hidden({ user } as never) : hidden)
    })
    .map((c) => c.slug)
}

describe('navigation: admin.hidden for every collection', () => {
  test('admin sees everything, including signing keys, content and jobs', () => {
    const seen = visibleIn('admin')
    expect(seen).toEqual(expect.arrayContaining([...LICENSING, 'signing-keys', ...CONTENT]))
    if (server.payload.collections['payload-jobs']) expect(seen).toContain('payload-jobs')
  })
  test('manager sees the licensing business and jobs, not signing keys or content', () => {
    const seen = visibleIn('manager')
    expect(seen).toEqual(expect.arrayContaining(LICENSING))
    expect(seen).not.toContain('signing-keys')
    for (const c of CONTENT) expect(seen).not.toContain(c)
    if (server.payload.collections['payload-jobs']) expect(seen).toContain('payload-jobs')
  })
  test('editor sees news and media and nothing of the licensing business', () => {
    const seen = visibleIn('editor')
    expect(seen).toEqual(expect.arrayContaining(CONTENT))
    for (const c of [...LICENSING, 'signing-keys', 'payload-jobs']) expect(seen).not.toContain(c)
  })
  test('customers see nothing (and cannot open the admin at all)', () => {
    expect(visibleIn('customer').filter((s) => !s.startsWith('payload-'))).toEqual([])
  })
})

describe('API: what each role can read', () => {
  const read = async (role: Role, collection: string) => {
    const res = await server.api('GET', `/api/${collection}?limit=100&depth=0`, { token: tokens[role] })
    return res.status === 200 ? res.body.totalDocs : res.status === 403 ? 'forbidden' : `status ${res.status}`
  }

  test.each([
    // collection, admin, manager, editor, customer ("some" = the other customer's data is visible)
    ['controllers', 'some', 'some', 0, 0],
    ['orders', 'some', 'some', 0, 0],
    ['licenses', 'some', 'some', 0, 0],
    ['payments', 0, 0, 'forbidden', 'forbidden'],
    ['signing-keys', 'some', 'forbidden', 'forbidden', 'forbidden'],
    ['audit-events', 'some', 'some', 'forbidden', 'forbidden'],
  ] as const)('%s', async (collection, ...expected) => {
    const got = []
    for (const role of ['admin', 'manager', 'editor', 'customer'] as Role[]) {
      const n = await read(role, collection)
      got.push(typeof n === 'number' && n > 0 ? 'some' : n)
    }
    expect(got).toEqual(expected)
  })

  test('users: admin all, manager customers and self, editor and customer only themselves', async () => {
    const ids = async (role: Role) => (await server.api('GET', '/api/users?limit=100&depth=0', { token: tokens[role] })).body.docs.map((u: { id: unknown; roles: string[] }) => ({ id: String(u.id), roles: u.roles }))
    expect((await ids('admin')).map((u: { id: string }) => u.id)).toEqual(expect.arrayContaining(Object.values(users).map((u) => String(u.id))))
    const managerSees = await ids('manager')
    expect(managerSees.every((u: { id: string; roles: string[] }) => u.roles.includes('customer') || u.id === String(users.manager.id))).toBe(true)
    expect(managerSees.map((u: { id: string }) => u.id)).not.toContain(String(users.admin.id))
    expect((await ids('editor')).map((u: { id: string }) => u.id)).toEqual([String(users.editor.id)])
    expect((await ids('customer')).map((u: { id: string }) => u.id)).toEqual([String(users.customer.id)])
  })

  test('options: staff see the whole catalogue, everybody else only what is on sale', async () => {
    const total = (await server.payload.count({ collection: 'options', overrideAccess: true })).totalDocs
    expect(await read('admin', 'options')).toBe(total)
    expect(await read('manager', 'options')).toBe(total)
    expect(await read('editor', 'options')).toBe(total - 1)
    expect(await read('customer', 'options')).toBe(total - 1)
  })

  test('managers change the business; editors cannot; only admins change roles', async () => {
    const [controller] = (await server.payload.find({ collection: 'controllers', limit: 1, overrideAccess: true })).docs
    expect((await server.api('PATCH', `/api/controllers/${controller.id}`, { token: tokens.manager, body: { notes: 'called the customer' } })).status).toBe(200)
    expect((await server.api('PATCH', `/api/controllers/${controller.id}`, { token: tokens.editor, body: { notes: 'x' } })).status).toBe(403)
    expect((await server.api('POST', '/api/signing-keys/rotate', { token: tokens.manager, body: { confirm: true } })).status).toBe(403)
    await server.api('PATCH', `/api/users/${users.customer.id}`, { token: tokens.manager, body: { roles: ['admin'] } })
    expect((await server.payload.findByID({ collection: 'users', id: users.customer.id, overrideAccess: true })).roles).toEqual(['customer'])
  })
})

describe('signing key rotation', () => {
  test('the new key signs from then on; licenses signed with the old key keep verifying', async () => {
    const { verifyLicense } = await import('@/licensing')
    const { payload, api } = server
    const controller = await createController(payload)
    const owner = await createUser(payload, 'customer')
    const token = await login(api, owner.email, TEST_PASSWORD)
    await api('POST', '/api/controllers/claim', { token, body: { requestCode: requestCodeFor(controller) } })
    const before = (await api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: [] } })).body.license
    const rotated = await api('POST', '/api/signing-keys/rotate', { token: tokens.admin, body: { confirm: true } })
    expect(rotated.status).toBe(201)
    // Rotation's second step: the new key is certified (here by the test installation's development root).
    expect((await api('POST', `/api/signing-keys/${rotated.body.key.id}/certify-with-development-root`, { token: tokens.admin })).status).toBe(200)
    const after = (await api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: [] } })).body.license
    const keys = (await api('GET', '/api/license-keys')).body.keys
    const oldFile = (await api('GET', before.downloadUrl, { token })).text
    const newFile = (await api('GET', after.downloadUrl, { token })).text
    const oldLicense = await payload.findByID({ collection: 'licenses', id: before.id, overrideAccess: true })
    const newLicense = await payload.findByID({ collection: 'licenses', id: after.id, overrideAccess: true })
    expect(newLicense.kid).toBe(rotated.body.key.kid)
    expect(oldLicense.kid).not.toBe(rotated.body.key.kid)
    expect(verifyLicense(oldFile, keys, { hardwareId: controller.hardwareId }).ok).toBe(true)
    expect(verifyLicense(newFile, keys, { hardwareId: controller.hardwareId }).ok).toBe(true)
    expect(keys.find((k: { kid: string }) => k.kid === oldLicense.kid).status).toBe('retired')
    expect((await api('GET', '/api/signing-keys', { token: tokens.admin })).text).not.toMatch(/PRIVATE|privateKey/)
  })
})
