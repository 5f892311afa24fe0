/**
 * The fleet's story, through the back office: a controller that knows only the PUMOTIX root verifies
 * licenses signed by key A, then — after a two-step rotation — by key B, never having heard of B. A
 * revocation list revoking A is uploaded; the next license carries it; a controller that installed that
 * license refuses a license made later with A's (stolen) private key, while the server never signs with
 * A again. The controller is played by the device-side verifier (node-forge), holding only what
 * firmware holds: the root public key, and the revocation list it last stored.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import {
  buildLicensePayloadV2,
  decryptPrivateKey,
  signLicenseV2,
  verifyLicenseV2WithForge,
  type RevocationList,
} from '@/licensing'
import { login } from '../support/http'
import { createController, requestCodeV2For } from '../support/licensing-fixtures'
import { certifyAndUpload, revocationListFile, testRoot } from '../support/roots'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

let server: TestServer
const root = testRoot('root-ed25519')

beforeAll(async () => {
  server = await startTestServer({ LICENSE_ROOT_KEYS_FILE: root.publicKeyFile })
})
afterAll(async () => {
  await server?.close()
})

/** A controller in the field: firmware with the root public key, and the revocation list it keeps across reboots. */
class Controller {
  held: RevocationList | null = null
  constructor(readonly hardwareId: string) {}
  install(file: string) {
    const result = verifyLicenseV2WithForge(file, [root.public], this.held, { hardwareId: this.hardwareId })
    if (result.revocationList) this.held = result.revocationList
    return result
  }
}

test('a controller that knows only the root follows rotation and learns of revocation from the licenses it installs', async () => {
  const { payload, api } = server
  const adminUser = await createUser(payload, 'admin')
  const admin = await login(api, adminUser.email, TEST_PASSWORD)
  const keyA = (await payload.find({ collection: 'signing-keys', where: { status: { equals: 'active' } }, overrideAccess: true })).docs[0]
  expect((await certifyAndUpload(api, admin, keyA.id, root.signing)).status).toBe(200)

  const record = await createController(payload)
  const owner = await createUser(payload, 'customer')
  const token = await login(api, owner.email, TEST_PASSWORD)
  const device = new Controller(String(record.hardwareId))
  const claim = () => api('POST', '/api/controllers/claim', { token, body: { requestCode: requestCodeV2For(record, { revocationNumber: device.held?.number ?? 0 }) } })
  const applyAndDownload = async () => {
    const issued = await api('POST', `/api/controllers/${record.id}/apply`, { token, body: { options: [] } })
    expect(issued.status).toBe(201)
    return (await api('GET', issued.body.license.downloadUrl, { token })).text
  }
  expect((await claim()).status).toBe(200)

  // Key A signs; the controller verifies it through the root.
  expect(device.install(await applyAndDownload())).toMatchObject({ ok: true, kid: keyA.kid })

  // Rotation, step 1: B is pending and A keeps signing.
  const rotated = await api('POST', '/api/signing-keys/rotate', { token: admin, body: { confirm: true } })
  expect(rotated.status).toBe(201)
  expect(rotated.body.key.status).toBe('pending')
  expect(device.install(await applyAndDownload())).toMatchObject({ ok: true, kid: keyA.kid })
  // Step 2: B certified offline and uploaded: B signs, A is retired; the controller never heard of B.
  expect((await certifyAndUpload(api, admin, rotated.body.key.id, root.signing)).body.key).toMatchObject({ kid: rotated.body.key.kid, status: 'active' })
  expect(device.install(await applyAndDownload())).toMatchObject({ ok: true, kid: rotated.body.key.kid })
  expect((await payload.findByID({ collection: 'signing-keys', id: keyA.id, overrideAccess: true })).status).toBe('retired')

  // A's private key is stolen (here: read from the server's own store).
  const stolenA = (await payload.find({ collection: 'signing-keys', where: { id: { equals: keyA.id } }, showHiddenFields: true, overrideAccess: true })).docs[0]
  const stolen = { kid: stolenA.kid, alg: stolenA.alg, privateKeyPem: decryptPrivateKey(stolenA.privateKeyEncrypted, String(process.env.PAYLOAD_SECRET)) }

  // Revocation: list 1 names A; A is revoked here and the next license carries the list.
  const published = await api('POST', '/api/revocation-lists', { token: admin, body: { list: revocationListFile(root.signing, 1, [keyA.kid]) } })
  expect(published.status).toBe(201)
  expect((await payload.findByID({ collection: 'signing-keys', id: keyA.id, overrideAccess: true })).status).toBe('revoked')
  const keys = (await api('GET', '/api/license-keys')).body
  expect(keys.keys.find((k: { kid: string }) => k.kid === keyA.kid).status).toBe('revoked')
  expect(keys.revocationList).toBe(published.body.doc.list)

  const carrying = await applyAndDownload()
  expect(device.install(carrying)).toMatchObject({ ok: true, revocationListUpdated: true })
  expect(device.held).toMatchObject({ number: 1, revoked: [keyA.kid] })
  expect((await claim()).status).toBe(200)
  expect((await payload.findByID({ collection: 'controllers', id: record.id, overrideAccess: true })).revocationListNumber).toBe(1)

  // A license made later with A's key, carrying A's old certificate and no list (the thief leaves it out).
  const forged = signLicenseV2(
    buildLicensePayloadV2({ licenseId: 'forged-1', serial: String(record.serial), modelId: Number(record.modelId), hardwareId: device.hardwareId, options: ['EVERYTHING'], sequence: 99, issuedAt: new Date() }),
    stolen,
    { certificate: String(stolenA.certificate), revocationList: null },
  ).text
  expect(device.install(forged)).toMatchObject({ ok: false, code: 'revoked' })
  // The known limit (docs/license-format.md): a controller that never installed a license carrying the list cannot know.
  expect(new Controller(device.hardwareId).install(forged)).toMatchObject({ ok: true })

  // The server never signs with A again, and A cannot be certified anew.
  const recertify = await api('POST', `/api/signing-keys/${keyA.id}/certificate`, { token: admin, body: { certificate: 'x' } })
  expect(recertify.status).toBe(409)
  const licenses = await payload.find({ collection: 'licenses', where: { controller: { equals: record.id } }, sort: 'sequence', overrideAccess: true })
  expect(licenses.docs.map((l) => [l.sequence, l.kid === keyA.kid ? 'A' : 'B', l.revocationListNumber ?? null])).toEqual([
    [1, 'A', null],
    [2, 'A', null],
    [3, 'B', null],
    [4, 'B', 1],
  ])
})
