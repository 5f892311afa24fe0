/**
 * The embedded default with no setup (outside production, no LICENSE_ROOT_KEYS): the first start makes
 * a development root in DATA_DIR, certifies the active key with it and says so in the start banner, so
 * PMX2 controllers get licenses at once. Rotation can be finished with the development root from the admin.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { verifyLicenseV2, verifyLicenseV2WithForge } from '@/licensing'
import { login } from '../support/http'
import { createController, requestCodeV2For } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

let server: TestServer

beforeAll(async () => {
  server = await startTestServer()
})
afterAll(async () => {
  await server?.close()
})

test('a development root is made in DATA_DIR, certifies the active key and is named in the banner', async () => {
  const folder = path.join(server.dataDir, 'license-root')
  expect(fs.readdirSync(folder).sort()).toEqual(['development-root.key', 'development-root.passphrase'])
  expect(fs.statSync(path.join(folder, 'development-root.key')).mode & 0o077).toBe(0)
  expect(fs.readFileSync(path.join(folder, 'development-root.key'), 'utf8')).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----/)
  const roots = (await server.payload.find({ collection: 'root-keys', overrideAccess: true })).docs
  expect(roots.map((r) => r.source)).toEqual(['development'])
  const active = (await server.payload.find({ collection: 'signing-keys', where: { status: { equals: 'active' } }, overrideAccess: true })).docs[0]
  expect(active.certificateRootKid).toBe(roots[0].kid)

  const { licenseRootSummary } = await import('@/domain/license-roots')
  expect(await licenseRootSummary(server.payload)).toMatch(new RegExp(`development root ${roots[0].kid} .*not for controllers in the field`))
})

test('PMX2 controllers get format 2 licenses at once; they verify with the published roots', async () => {
  const { payload, api } = server
  const controller = await createController(payload)
  const owner = await createUser(payload, 'customer')
  const token = await login(api, owner.email, TEST_PASSWORD)
  expect((await api('POST', '/api/controllers/claim', { token, body: { requestCode: requestCodeV2For(controller, { enforcesOptionEndDates: true }) } })).status).toBe(200)
  const stored = await payload.findByID({ collection: 'controllers', id: controller.id, overrideAccess: true })
  expect([stored.licenseFormat, stored.revocationListNumber, stored.enforcesOptionEndDates]).toEqual([2, 0, true])
  const issued = await api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: [] } })
  expect([issued.status, issued.body.license?.format]).toEqual([201, 2])
  const file = (await api('GET', issued.body.license.downloadUrl, { token })).text
  const { roots } = (await api('GET', '/api/license-keys')).body
  for (const verify of [verifyLicenseV2, verifyLicenseV2WithForge]) expect(verify(file, roots, null, { hardwareId: String(controller.hardwareId) }).ok).toBe(true)
})

test('rotation finished with the development root from the admin: the new key signs, and a second rotation waits for it', async () => {
  const { payload, api } = server
  const admin = await login(api, (await createUser(payload, 'admin')).email, TEST_PASSWORD)
  const root = await api('GET', '/api/signing-keys/development-root', { token: admin })
  expect(root.body).toMatchObject({ available: true })
  const rotated = await api('POST', '/api/signing-keys/rotate', { token: admin, body: { confirm: true } })
  expect(rotated.status).toBe(201)
  const again = await api('POST', '/api/signing-keys/rotate', { token: admin, body: { confirm: true } })
  expect([again.status, again.body.errors[0].message]).toEqual([409, expect.stringMatching(/already waiting for its certificate/)])
  const certified = await api('POST', `/api/signing-keys/${rotated.body.key.id}/certify-with-development-root`, { token: admin })
  expect(certified.body.key).toMatchObject({ status: 'active', certificateRootKid: root.body.kid })
  const discard = await api('POST', `/api/signing-keys/${rotated.body.key.id}/discard`, { token: admin })
  expect(discard.status).toBe(409)
})
