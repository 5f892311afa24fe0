/** Staff move controllers between accounts: transfer and release, ownerEmail search, who may do it. */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { login } from '../support/http'
import { createController, createOption, requestCodeFor } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
})

async function ownedController() {
  const { payload, api } = server
  const option = await createOption(payload, { price: 500 })
  const controller = await createController(payload)
  const owner = await createUser(payload, 'customer')
  const token = await login(api, owner.email, TEST_PASSWORD)
  expect((await api('POST', '/api/controllers/claim', { token, body: { requestCode: requestCodeFor(controller) } })).status).toBe(200)
  const order = await api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: option.id }] } })
  expect(order.status).toBe(201)
  return { controller, owner, token, order: order.body.doc, option }
}

describe('ownerEmail', () => {
  test('follows the owner, is searchable by staff and hidden from customers', async () => {
    const { controller, owner, token } = await ownedController()
    const manager = await createUser(server.payload, 'manager')
    const staff = await login(server.api, manager.email, TEST_PASSWORD)
    const found = await server.api('GET', `/api/controllers?where[ownerEmail][like]=${encodeURIComponent(owner.email.split('@')[0])}`, { token: staff })
    expect(found.body.docs.map((d: { id: unknown }) => String(d.id))).toEqual([String(controller.id)])
    const mine = await server.api('GET', `/api/controllers/${controller.id}`, { token })
    expect(mine.status).toBe(200)
    expect(mine.body.ownerEmail).toBeUndefined()
    // A client cannot set it.
    await server.api('PATCH', `/api/controllers/${controller.id}`, { token: staff, body: { ownerEmail: 'forged@example.test', notes: 'checked' } })
    const stored = await server.payload.findByID({ collection: 'controllers', id: controller.id, overrideAccess: true })
    expect(stored.ownerEmail).toBe(owner.email)
    // When the owner's e-mail changes, the copy follows.
    const newEmail = `renamed-${Date.now()}@example.test`
    await server.payload.update({ collection: 'users', id: owner.id, data: { email: newEmail }, overrideAccess: true })
    expect((await server.payload.findByID({ collection: 'controllers', id: controller.id, overrideAccess: true })).ownerEmail).toBe(newEmail)
  })
})

describe('transfer', () => {
  test('moves the controller to another customer; the old owner loses access, licenses and orders stay', async () => {
    const { payload, api } = server
    const { controller, owner, token, order } = await ownedController()
    const next = await createUser(payload, 'customer')
    const manager = await createUser(payload, 'manager')
    const staff = await login(api, manager.email, TEST_PASSWORD)
    await api('PATCH', `/api/orders/${order.id}`, { token: staff, body: { status: 'paid', paymentReference: 'REF-T1' } })
    const lic = await api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: [] } })
    expect(lic.status).toBe(201)

    const res = await api('POST', `/api/controllers/${controller.id}/transfer`, { token: staff, body: { email: next.email.toUpperCase(), reason: 'Sold the machine' } })
    expect(res.status).toBe(200)
    expect(String(res.body.controller.owner)).toBe(String(next.id))
    expect(res.body.controller.ownerEmail).toBe(next.email)

    expect((await api('GET', `/api/controllers/${controller.id}`, { token })).status).toBe(404)
    expect((await api('GET', `/api/licenses/${lic.body.license.id}/download`, { token })).status).toBe(404)
    const nextToken = await login(api, next.email, TEST_PASSWORD)
    expect((await api('GET', `/api/licenses/${lic.body.license.id}/download`, { token: nextToken })).status).toBe(200)
    // The old owner's bill stays theirs; the license history stays with the controller.
    expect((await api('GET', `/api/orders/${order.id}`, { token })).status).toBe(200)
    expect((await payload.count({ collection: 'licenses', where: { controller: { equals: controller.id } }, overrideAccess: true })).totalDocs).toBe(1)

    const [audit] = (await payload.find({ collection: 'audit-events', where: { action: { equals: 'controller.transferred' }, subjectId: { equals: String(controller.id) } }, overrideAccess: true })).docs
    expect(audit).toMatchObject({ actorLabel: manager.email, before: { owner: owner.id, ownerEmail: owner.email }, after: { owner: next.id, reason: 'Sold the machine' } })
  })

  test.each([
    ['no reason', { email: 'x@example.test' }, 400, /reason/i],
    ['bad e-mail', { email: 'not-mail', reason: 'r' }, 400, /e-mail/i],
    ['unknown account', { email: 'nobody-here@example.test', reason: 'r' }, 404, /no account/i],
  ])('%s', async (_label, body, status, message) => {
    const { controller } = await ownedController()
    const manager = await createUser(server.payload, 'manager')
    const staff = await login(server.api, manager.email, TEST_PASSWORD)
    const res = await server.api('POST', `/api/controllers/${controller.id}/transfer`, { token: staff, body })
    expect(res.status).toBe(status)
    expect(res.text).toMatch(message)
  })

  test('to a staff account, to the same owner, of a missing controller: clear 4xx', async () => {
    const { controller, owner } = await ownedController()
    const manager = await createUser(server.payload, 'manager')
    const staff = await login(server.api, manager.email, TEST_PASSWORD)
    expect((await server.api('POST', `/api/controllers/${controller.id}/transfer`, { token: staff, body: { email: manager.email, reason: 'r' } })).status).toBe(422)
    expect((await server.api('POST', `/api/controllers/${controller.id}/transfer`, { token: staff, body: { email: owner.email, reason: 'r' } })).status).toBe(409)
    expect((await server.api('POST', `/api/controllers/999999/transfer`, { token: staff, body: { email: owner.email, reason: 'r' } })).status).toBe(404)
    expect((await server.api('POST', `/api/controllers/abc/transfer`, { token: staff, body: { email: owner.email, reason: 'r' } })).status).toBe(404)
  })

  test('customers and editors cannot transfer or release; anonymous gets 401', async () => {
    const { controller, token } = await ownedController()
    const editor = await createUser(server.payload, 'editor')
    const editorToken = await login(server.api, editor.email, TEST_PASSWORD)
    for (const t of [token, editorToken]) {
      expect((await server.api('POST', `/api/controllers/${controller.id}/transfer`, { token: t, body: { email: editor.email, reason: 'mine' } })).status).toBe(403)
      expect((await server.api('POST', `/api/controllers/${controller.id}/release`, { token: t, body: { reason: 'mine' } })).status).toBe(403)
    }
    expect((await server.api('POST', `/api/controllers/${controller.id}/release`, { body: { reason: 'x' } })).status).toBe(401)
  })
})

describe('release', () => {
  test('makes the controller unclaimed; a new customer can claim it with a request code', async () => {
    const { payload, api } = server
    const { controller, token } = await ownedController()
    const admin = await createUser(payload, 'admin')
    const staff = await login(api, admin.email, TEST_PASSWORD)
    expect((await api('POST', `/api/controllers/${controller.id}/release`, { token: staff, body: {} })).status).toBe(400)
    const res = await api('POST', `/api/controllers/${controller.id}/release`, { token: staff, body: { reason: 'Returned to the factory' } })
    expect(res.status).toBe(200)
    expect(res.body.controller.owner ?? null).toBeNull()
    expect(res.body.controller.ownerEmail ?? null).toBeNull()
    expect((await api('GET', `/api/controllers/${controller.id}`, { token })).status).toBe(404)
    expect((await api('POST', `/api/controllers/${controller.id}/release`, { token: staff, body: { reason: 'again' } })).status).toBe(409)

    const buyer = await createUser(payload, 'customer')
    const buyerToken = await login(api, buyer.email, TEST_PASSWORD)
    expect((await api('POST', '/api/controllers/claim', { token: buyerToken, body: { requestCode: requestCodeFor(controller) } })).status).toBe(200)
    const events = await payload.find({ collection: 'audit-events', where: { subjectCollection: { equals: 'controllers' }, subjectId: { equals: String(controller.id) } }, sort: 'at', overrideAccess: true })
    expect(events.docs.map((e) => e.action)).toEqual(['controller.claimed', 'controller.released', 'controller.claimed'])
  })
})
