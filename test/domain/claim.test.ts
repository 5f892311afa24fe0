import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { encodeRequestCode } from '@/licensing'
import { login } from '../support/http'
import { createController, requestCodeFor } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

let server: TestServer
beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
})

async function customerToken() {
  const user = await createUser(server.payload, 'customer')
  return { user, token: await login(server.api, user.email, TEST_PASSWORD) }
}
const claim = (token: string | undefined, requestCode: unknown) => server.api('POST', '/api/controllers/claim', { token, body: { requestCode } })

test('each way a claim can fail has its own status and a message a customer can act on', async () => {
  const { token } = await customerToken()
  const controller = await createController(server.payload)
  const code = requestCodeFor(controller as never)

  expect((await claim(undefined, code)).status).toBe(401)
  const typo = code.slice(0, 10) + (code[10] === '7' ? '8' : '7') + code.slice(11)
  const bad = await claim(token, typo)
  expect(bad.status).toBe(400)
  expect(bad.body.errors[0].message).toMatch(/typo|check/i)
  expect((await claim(token, 'hello')).status).toBe(400)
  expect((await claim(token, 42)).status).toBe(400)

  const unknown = await claim(token, encodeRequestCode({ modelId: 3, serial: '4000000000', hardwareId: controller.hardwareId, sequence: 0, createdAt: new Date() }))
  expect(unknown.status).toBe(404)
  expect(unknown.body.errors[0].message).toMatch(/not in the licensing database/)

  const mismatch = await claim(token, encodeRequestCode({ modelId: 3, serial: controller.serial, hardwareId: 'ff'.repeat(16), sequence: 0, createdAt: new Date() }))
  expect(mismatch.status).toBe(422)
  const wrongModel = await claim(token, encodeRequestCode({ modelId: 5, serial: controller.serial, hardwareId: controller.hardwareId, sequence: 0, createdAt: new Date() }))
  expect(wrongModel.status).toBe(422)

  const stale = await claim(token, requestCodeFor(controller, { createdAt: new Date(Date.now() - 31 * 86400000) }))
  expect(stale.status).toBe(422)
  expect(stale.body.errors[0].message).toMatch(/fresh code/)
  const future = await claim(token, requestCodeFor(controller, { createdAt: new Date(Date.now() + 2 * 86400000) }))
  expect(future.status).toBe(422)

  const unchanged = await server.payload.findByID({ collection: 'controllers', id: controller.id, overrideAccess: true, depth: 0 })
  expect(unchanged.owner ?? null).toBeNull()

  // Lower case, spaces and line breaks are fine; the reported sequence is recorded.
  const messy = requestCodeFor(controller, { sequence: 7 }).toLowerCase().replace(/-/g, ' ').replace(/(.{20})/, '$1\n')
  const ok = await claim(token, messy)
  expect(ok.status).toBe(200)
  expect(ok.body.controller.installedSequence).toBe(7)
  // Claiming again is fine (already yours); another account gets 409.
  expect((await claim(token, code)).status).toBe(200)
  const other = await customerToken()
  const taken = await claim(other.token, code)
  expect(taken.status).toBe(409)
  expect(taken.body.errors[0].message).toMatch(/another account/)
})

test('two customers claiming one controller at the same time: one wins, the other gets 409', async () => {
  const controller = await createController(server.payload)
  const code = requestCodeFor(controller as never)
  const a = await customerToken()
  const b = await customerToken()
  const results = await Promise.all([claim(a.token, code), claim(b.token, code)])
  expect(results.map((r) => r.status).sort()).toEqual([200, 409])
  const stored = await server.payload.findByID({ collection: 'controllers', id: controller.id, overrideAccess: true, depth: 0 })
  const winner = results[0].status === 200 ? a.user : b.user
  expect(String(stored.owner)).toBe(String(winner.id))
})

test('staff accounts cannot claim controllers for themselves', async () => {
  const manager = await createUser(server.payload, 'manager')
  const token = await login(server.api, manager.email, TEST_PASSWORD)
  const controller = await createController(server.payload)
  expect((await claim(token, requestCodeFor(controller))).status).toBe(403)
})
