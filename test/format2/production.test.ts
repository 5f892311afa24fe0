/**
 * NODE_ENV=production with no root configured: no development root is ever made, PMX2 controllers
 * get a refusal that says what to do, and PMX1 controllers keep getting their format-1 licenses.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { login } from '../support/http'
import { createController, requestCodeFor, requestCodeV2For } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

let server: TestServer

beforeAll(async () => {
  // Read when src/config is first imported, which startTestServer does.
  Object.assign(process.env, { NODE_ENV: 'production' })
  server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
  Object.assign(process.env, { NODE_ENV: 'test' })
})

test('no development root in production; PMX2 refused with what to do, PMX1 served', async () => {
  const { payload, api } = server
  expect(fs.existsSync(path.join(server.dataDir, 'license-root'))).toBe(false)
  expect((await payload.find({ collection: 'root-keys', overrideAccess: true })).totalDocs).toBe(0)
  expect((await api('GET', '/api/license-keys')).body.roots).toEqual([])

  const owner = await createUser(payload, 'customer')
  const token = await login(api, owner.email, TEST_PASSWORD)
  const v2 = await createController(payload)
  await api('POST', '/api/controllers/claim', { token, body: { requestCode: requestCodeV2For(v2) } })
  const refused = await api('POST', `/api/controllers/${v2.id}/apply`, { token, body: { options: [] } })
  expect([refused.status, refused.body.errors[0].message]).toEqual([409, expect.stringMatching(/format 2.*LICENSE_ROOT_KEYS/s)])

  const v1 = await createController(payload)
  await api('POST', '/api/controllers/claim', { token, body: { requestCode: requestCodeFor(v1) } })
  const issued = await api('POST', `/api/controllers/${v1.id}/apply`, { token, body: { options: [] } })
  expect([issued.status, issued.body.license.format]).toEqual([201, 1])

  const admin = await login(api, (await createUser(payload, 'admin')).email, TEST_PASSWORD)
  const key = (await payload.find({ collection: 'signing-keys', where: { status: { equals: 'active' } }, overrideAccess: true })).docs[0]
  const dev = await api('POST', `/api/signing-keys/${key.id}/certify-with-development-root`, { token: admin })
  expect([dev.status, dev.body.errors[0].message]).toEqual([409, expect.stringMatching(/no development root/)])
})
