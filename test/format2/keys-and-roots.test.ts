/**
 * Format 2 in the back office, with a configured root (LICENSE_ROOT_KEYS_FILE, the TEST-ONLY root):
 * until the signing key is certified, PMX2 controllers get a clear refusal and PMX1 controllers their
 * format-1 licenses; after the certificate is uploaded, PMX2 licenses verify knowing only the root —
 * with node:crypto, node-forge and the openssl CLI. Bad certificates and revocation lists are 4xx and
 * change nothing.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { documentBytes, encryptPrivateKey, formatRevocationListFile, generateSigningKey, verifyLicense, verifyLicenseV2, verifyLicenseV2WithForge, verifyLicenseWithForge } from '@/licensing'
import { verifyLicenseV2WithOpenssl } from '../licensing/helpers'
import { login } from '../support/http'
import { createController, requestCodeFor, requestCodeV2For } from '../support/licensing-fixtures'
import { certifyAndUpload, certifyOffline, revocationListFile, testRoot } from '../support/roots'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

let server: TestServer
let admin: string
let manager: string
const root = testRoot('root-ed25519')
const foreign = testRoot('root-unknown-ed25519')

beforeAll(async () => {
  server = await startTestServer({ LICENSE_ROOT_KEYS_FILE: root.publicKeyFile })
  const a = await createUser(server.payload, 'admin')
  const m = await createUser(server.payload, 'manager')
  admin = await login(server.api, a.email, TEST_PASSWORD)
  manager = await login(server.api, m.email, TEST_PASSWORD)
})
afterAll(async () => {
  await server?.close()
})

async function customerWith(code: (c: { serial: string; modelId: number; hardwareId: string }) => string) {
  const controller = await createController(server.payload)
  const owner = await createUser(server.payload, 'customer')
  const token = await login(server.api, owner.email, TEST_PASSWORD)
  const claim = await server.api('POST', '/api/controllers/claim', { token, body: { requestCode: code(controller) } })
  expect(claim.status).toBe(200)
  return { controller, token }
}

const activeKey = async () => (await server.payload.find({ collection: 'signing-keys', where: { status: { equals: 'active' } }, limit: 1, overrideAccess: true })).docs[0]
const keyState = async (id: string | number) => {
  const k = await server.payload.findByID({ collection: 'signing-keys', id, overrideAccess: true })
  return { status: k.status, certificate: k.certificate ?? null, root: k.certificateRootKid ?? null }
}

describe('before the signing key is certified', () => {
  test('the configured root is stored and published; no development root is made', async () => {
    const roots = (await server.payload.find({ collection: 'root-keys', overrideAccess: true })).docs
    expect(roots.map((r) => [r.kid, r.source])).toEqual([[root.public.kid, 'configured']])
    const published = (await server.api('GET', '/api/license-keys')).body
    expect(published.roots).toEqual([root.public])
    expect(published.certificates).toEqual([])
    expect(published.revocationList).toBeNull()
  })

  test('a PMX2 controller gets a clear 409 that says what to do; a PMX1 controller gets its format-1 license', async () => {
    const v2 = await customerWith((c) => requestCodeV2For(c))
    const refused = await server.api('POST', `/api/controllers/${v2.controller.id}/apply`, { token: v2.token, body: { options: [] } })
    expect(refused.status).toBe(409)
    expect(refused.body.errors[0].message).toMatch(/format 2.*no valid certificate.*LICENSE_ROOT_KEYS/s)
    expect(await server.payload.count({ collection: 'licenses', where: { controller: { equals: v2.controller.id } }, overrideAccess: true })).toMatchObject({ totalDocs: 0 })

    const v1 = await customerWith((c) => requestCodeFor(c))
    const issued = await server.api('POST', `/api/controllers/${v1.controller.id}/apply`, { token: v1.token, body: { options: [] } })
    expect(issued.status).toBe(201)
    expect(issued.body.license.format).toBe(1)
    const file = (await server.api('GET', issued.body.license.downloadUrl, { token: v1.token })).text
    expect(verifyLicense(file, (await server.api('GET', '/api/license-keys')).body.keys, { hardwareId: String(v1.controller.hardwareId) }).ok).toBe(true)
  })
})

describe('uploading certificates', () => {
  test('bad certificates are refused with a clear 4xx and change nothing', async () => {
    const key = await activeKey()
    const before = await keyState(key.id)
    const other = generateSigningKey('ed25519')
    const otherDoc = await server.payload.create({
      collection: 'signing-keys',
      overrideAccess: true,
      data: { kid: other.kid, alg: other.alg, status: 'pending', publicKey: other.publicKeyPem, privateKeyEncrypted: encryptPrivateKey(other.privateKeyPem, String(process.env.PAYLOAD_SECRET)) },
    })
    const forOtherKey = await certifyOffline(server.api, admin, otherDoc.id, root.signing)
    await server.payload.delete({ collection: 'signing-keys', id: otherDoc.id, overrideAccess: true })
    const cases: [unknown, number, RegExp][] = [
      ['', 400, /paste the certificate/],
      ['-----BEGIN PUMOTIX SIGNING KEY CERTIFICATE-----\nnot base64!\n-----END PUMOTIX SIGNING KEY CERTIFICATE-----\n', 400, /Certificate:/],
      [await certifyOffline(server.api, admin, key.id, foreign.signing), 422, new RegExp(`root.*${root.public.kid}`)],
      [forOtherKey, 422, new RegExp(`${other.kid}`)],
      [await certifyOffline(server.api, admin, key.id, root.signing, { notBefore: '2099-01-01T00:00:00.000Z' }), 422, /valid only from 2099/],
      [await certifyOffline(server.api, admin, key.id, root.signing, { notBefore: '2020-01-01T00:00:00.000Z', notAfter: '2021-01-01T00:00:00.000Z' }), 422, /expired on 2021-01-01/],
    ]
    for (const [certificate, status, message] of cases) {
      const res = await server.api('POST', `/api/signing-keys/${key.id}/certificate`, { token: admin, body: { certificate } })
      expect([res.status, res.body.errors?.[0]?.message]).toEqual([status, expect.stringMatching(message)])
    }
    const good = await certifyOffline(server.api, admin, key.id, root.signing)
    expect((await server.api('POST', `/api/signing-keys/${key.id}/certificate`, { token: manager, body: { certificate: good } })).status).toBe(403)
    expect(await keyState(key.id)).toEqual(before)
  })

  test('the active key certified by the root: PMX2 licenses verify knowing only the root (node:crypto, node-forge, openssl)', async () => {
    const key = await activeKey()
    const uploaded = await certifyAndUpload(server.api, admin, key.id, root.signing)
    expect(uploaded.status).toBe(200)
    expect(uploaded.body.key).toMatchObject({ kid: key.kid, status: 'active', certificateRootKid: root.public.kid })

    const { controller, token } = await customerWith((c) => requestCodeV2For(c, { revocationNumber: 0 }))
    const issued = await server.api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: [] } })
    expect(issued.status).toBe(201)
    expect(issued.body.license.format).toBe(2)
    const file = (await server.api('GET', issued.body.license.downloadUrl, { token })).text
    const roots = [root.public]
    const hardwareId = String(controller.hardwareId)
    for (const verify of [verifyLicenseV2, verifyLicenseV2WithForge]) {
      const result = verify(file, roots, null, { hardwareId })
      expect(result).toMatchObject({ ok: true, kid: key.kid, payload: { v: 2, serial: controller.serial, sequence: 1, maintenanceUntil: null } })
    }
    expect(verifyLicenseV2WithOpenssl(file, roots).ok).toBe(true)
    // A format 2 file is not a format 1 file: a PMX1 controller's verifier refuses it as a whole.
    expect(verifyLicenseWithForge(file, (await server.api('GET', '/api/license-keys')).body.keys).ok).toBe(false)

    const stored = await server.payload.findByID({ collection: 'licenses', id: issued.body.license.id, overrideAccess: true })
    expect([stored.format, stored.kid, stored.revocationListNumber ?? null]).toEqual([2, key.kid, null])
    const published = (await server.api('GET', '/api/license-keys')).body
    expect(published.certificates).toEqual([{ kid: key.kid, certificate: expect.any(String) }])
    const signingKeys = (await server.api('GET', '/api/signing-keys', { token: admin })).body.docs
    expect(signingKeys.find((k: { kid: string }) => k.kid === key.kid)).toMatchObject({ licensesSigned: 2 })
  })
})

describe('uploading revocation lists', () => {
  test('unsigned, wrongly signed, foreign and out-of-order lists are refused and nothing is stored', async () => {
    const first = await server.api('POST', '/api/revocation-lists', { token: admin, body: { list: revocationListFile(root.signing, 1, []) } })
    expect(first.status).toBe(201)
    const good = revocationListFile(root.signing, 2, [])
    // Signed by another key, but naming the trusted root: the signature does not verify.
    const envelope = JSON.parse(documentBytes(revocationListFile(foreign.signing, 2, []), 'revocations').toString('utf8'))
    const wronglySigned = formatRevocationListFile(Buffer.from(JSON.stringify({ ...envelope, kid: root.public.kid }), 'utf8'))
    const cases: [string, number, RegExp][] = [
      ['{"number": 2, "revoked": []}', 400, /Revocation list:/],
      [wronglySigned, 422, /Revocation list:.*signature/],
      [revocationListFile(foreign.signing, 2, []), 422, /Revocation list:.*root/],
      [revocationListFile(root.signing, 1, []), 422, /list 1 is already published/],
    ]
    for (const [list, status, message] of cases) {
      const res = await server.api('POST', '/api/revocation-lists', { token: admin, body: { list } })
      expect([res.status, res.body.errors?.[0]?.message]).toEqual([status, expect.stringMatching(message)])
    }
    expect((await server.api('POST', '/api/revocation-lists', { token: manager, body: { list: good } })).status).toBe(403)
    const stored = await server.payload.find({ collection: 'revocation-lists', overrideAccess: true })
    expect(stored.docs.map((d) => d.number)).toEqual([1])
    expect((await server.api('GET', '/api/license-keys')).body.revocationList).toBe(stored.docs[0].list)
  })

  test('root keys: a pasted public key is stored with its derived kid; private keys and garbage are refused', async () => {
    const fs = await import('node:fs')
    const rsa = testRoot('root-rsa-pss-sha256')
    const added = await server.api('POST', '/api/root-keys', { token: admin, body: { publicKey: fs.readFileSync(rsa.publicKeyFile, 'utf8'), kid: 'forged', source: 'configured' } })
    expect(added.status).toBe(201)
    expect(added.body.doc).toMatchObject({ kid: rsa.public.kid, alg: 'rsa-pss-sha256', source: 'uploaded' })
    const cases: [string, RegExp][] = [
      ['-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIB\n-----END ENCRYPTED PRIVATE KEY-----\n', /private key/],
      ['hello', /Public key:/],
      [fs.readFileSync(rsa.publicKeyFile, 'utf8'), /already trusted/],
    ]
    for (const [publicKey, message] of cases) {
      const res = await server.api('POST', '/api/root-keys', { token: admin, body: { publicKey } })
      expect([res.status, res.body.errors?.[0]?.message]).toEqual([400, expect.stringMatching(message)])
    }
    const configured = (await server.payload.find({ collection: 'root-keys', where: { source: { equals: 'configured' } }, overrideAccess: true })).docs[0]
    const del = await server.api('DELETE', `/api/root-keys/${configured.id}`, { token: admin })
    expect([del.status, del.body.errors?.[0]?.message]).toEqual([409, expect.stringMatching(/LICENSE_ROOT_KEYS/)])
  })
})
