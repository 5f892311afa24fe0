/**
 * A manager sees customers and themselves (collections/Users/access.ts) through the indexed
 * `isCustomer` flag, which follows the customer role (hooks/setIsCustomer.ts) and which nobody can set
 * by hand; users stored without it are marked on start (src/domain/customer-flags.ts).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { markUnflaggedCustomers } from '@/domain/customer-flags'
import { login } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

let server: TestServer
let managerToken: string
let adminToken: string
beforeAll(async () => {
  server = await startTestServer()
  const manager = await createUser(server.payload, 'manager')
  const admin = await createUser(server.payload, 'admin')
  managerToken = await login(server.api, manager.email, TEST_PASSWORD)
  adminToken = await login(server.api, admin.email, TEST_PASSWORD)
})
afterAll(async () => {
  await server?.close()
})

const managerSees = async (id: string | number) => {
  const r = await server.api('GET', `/api/users?where[id][equals]=${id}&depth=0`, { token: managerToken })
  expect(r.status).toBe(200)
  return r.body.docs.length === 1
}

test('the flag follows the customer role, whoever sends what', async () => {
  const customer = await createUser(server.payload, 'customer')
  const editor = await createUser(server.payload, 'editor')
  expect(customer.isCustomer).toBe(true)
  expect(editor.isCustomer).toBe(false)
  expect(await managerSees(customer.id)).toBe(true)
  expect(await managerSees(editor.id)).toBe(false)

  // A customer cannot clear it; an editor cannot set it on themselves.
  const customerToken = await login(server.api, customer.email, TEST_PASSWORD)
  expect((await server.api('PATCH', `/api/users/${customer.id}`, { token: customerToken, body: { isCustomer: false, name: 'Still a customer' } })).status).toBe(200)
  const editorToken = await login(server.api, editor.email, TEST_PASSWORD)
  expect((await server.api('PATCH', `/api/users/${editor.id}`, { token: editorToken, body: { isCustomer: true } })).status).toBe(200)
  expect(await managerSees(customer.id)).toBe(true)
  expect(await managerSees(editor.id)).toBe(false)

  // An admin changes roles: the flag and the manager's view follow.
  expect((await server.api('PATCH', `/api/users/${customer.id}`, { token: adminToken, body: { roles: ['editor'] } })).status).toBe(200)
  expect((await server.api('PATCH', `/api/users/${editor.id}`, { token: adminToken, body: { roles: ['editor', 'customer'] } })).status).toBe(200)
  expect(await managerSees(customer.id)).toBe(false)
  expect(await managerSees(editor.id)).toBe(true)
})

test('customers stored without the flag are marked on start', async () => {
  const customer = await createUser(server.payload, 'customer')
  // What a user stored before the flag existed (MongoDB has no migration) looks like.
  await server.payload.db.updateOne({ collection: 'users', id: customer.id, data: { isCustomer: false }, returning: false } as never)
  expect(await managerSees(customer.id)).toBe(false)
  expect(await markUnflaggedCustomers(server.payload)).toBe(1)
  expect(await managerSees(customer.id)).toBe(true)
  expect(await markUnflaggedCustomers(server.payload)).toBe(0)
})
