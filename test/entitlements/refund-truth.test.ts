/**
 * Refunds and revocations tell the truth. A refund (or a revoked signing key) cannot reach into a
 * license already on the controller, so: the refund preview names the issued licenses that carry the
 * option; the controller reads "license needed" for its owner (the portal's queries and
 * GET /api/controllers/:id/license-status) and for staff; Apply is allowed and its license leaves the
 * option out. After a key revocation, every controller whose latest license that key signed reads
 * "license needed" until its next license.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { User } from '@payload-types'
import type { Payload } from 'payload'

import { publishedKeys } from '@/domain/signing-keys'
import { verifyLicenseWithForge } from '@/licensing'
import { licenseNeedOf, licenseNeeds, licenseState, listMyControllers } from '@/portal/queries/controllers'
import { login } from '../support/http'
import { createController, createOption, requestCodeFor } from '../support/licensing-fixtures'
import { certifyAndUpload, revocationListFile, testRoot } from '../support/roots'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

const root = testRoot('root-ed25519')
let server: TestServer
let payload: Payload
let staff: string
let admin: string

beforeAll(async () => {
  // A configured root (no development root): revocation lists are signed offline with it, as in production.
  server = await startTestServer({ LICENSE_ROOT_KEYS_FILE: root.publicKeyFile })
  payload = server.payload
  staff = await login(server.api, (await createUser(payload, 'manager')).email, TEST_PASSWORD)
  admin = await login(server.api, (await createUser(payload, 'admin')).email, TEST_PASSWORD)
})
afterAll(async () => {
  await server?.close()
})

type Ctl = { id: string | number; hardwareId: string; serial: string }
const asPortalUser = (u: User) => ({ ...u, collection: 'users' }) as User & { collection: 'users' }

/** A customer with a PMX1 controller they claimed, and a token. */
async function customerWithController() {
  const c = await createController(payload)
  const owner = await createUser(payload, 'customer')
  const token = await login(server.api, owner.email, TEST_PASSWORD)
  expect((await server.api('POST', '/api/controllers/claim', { token, body: { requestCode: requestCodeFor(c) } })).status).toBe(200)
  return { controller: { id: c.id, hardwareId: String(c.hardwareId), serial: String(c.serial) } as Ctl, owner: owner as User, token }
}

/** Buys `optionId` and has staff mark the bill paid; returns the order. */
async function buyAndPay(c: Ctl, token: string, optionId: string | number) {
  const order = await server.api('POST', '/api/orders', { token, body: { controller: c.id, items: [{ option: optionId }] } })
  expect(order.status).toBe(201)
  expect((await server.api('PATCH', `/api/orders/${order.body.doc.id}`, { token: staff, body: { status: 'paid', paymentReference: `BANK-${order.body.doc.number}` } })).status).toBe(200)
  return order.body.doc as { id: string | number; number: string }
}

/** Apply, download and verify the file; returns the license id, its key and the codes it switches on. */
async function applyAndVerify(c: Ctl, token: string, options: string[]) {
  const issued = await server.api('POST', `/api/controllers/${c.id}/apply`, { token, body: { options } })
  expect(issued.status).toBe(201)
  const file = (await server.api('GET', issued.body.license.downloadUrl, { token })).text
  const verified = verifyLicenseWithForge(file, await publishedKeys(payload), { hardwareId: c.hardwareId })
  if (!verified.ok) throw new Error(verified.reason)
  return { id: issued.body.license.id as string | number, sequence: issued.body.license.sequence as number, options: [...verified.payload.options].sort() }
}

const status = (c: Ctl, token: string) => server.api('GET', `/api/controllers/${c.id}/license-status`, { token })

describe('a refund of an option in an issued license', () => {
  test('the preview names the license; the controller reads "license needed" for owner and staff; the next license leaves the option out', async () => {
    const x = await createOption(payload)
    const kept = await createOption(payload)
    const { controller, owner, token } = await customerWithController()
    const order = await buyAndPay(controller, token, x.id)
    await buyAndPay(controller, token, kept.id)
    const first = await applyAndVerify(controller, token, [x.code as string, kept.code as string])
    expect(first.options).toEqual([x.code, kept.code].sort())

    // Before the refund: the license matches.
    expect((await status(controller, token)).body).toMatchObject({ needed: false, withdrawn: [], revokedKid: null, sequence: 1 })

    // The refund dialog's preview: staff only, naming the license that carries the option.
    const preview = await server.api('GET', `/api/orders/${order.id}/refund-preview`, { token: staff })
    expect(preview.status).toBe(200)
    expect(preview.body).toMatchObject({ controller: { id: controller.id, serial: controller.serial }, options: [x.code] })
    expect(preview.body.licenses).toEqual([expect.objectContaining({ id: first.id, sequence: 1, options: [x.code], latest: true })])
    expect((await server.api('GET', `/api/orders/${order.id}/refund-preview`, { token })).status).toBe(403)
    // Nor an editor or an anonymous caller: neither reads the preview or the controller's license status.
    const editor = await login(server.api, (await createUser(payload, 'editor')).email, TEST_PASSWORD)
    for (const t of [editor, undefined]) {
      expect([401, 403]).toContain((await server.api('GET', `/api/orders/${order.id}/refund-preview`, { token: t })).status)
      expect([401, 403, 404]).toContain((await server.api('GET', `/api/controllers/${controller.id}/license-status`, { token: t })).status)
    }

    const refunded = await server.api('PATCH', `/api/orders/${order.id}`, { token: staff, body: { status: 'refunded', statusReason: 'customer changed their mind' } })
    expect(refunded.status).toBe(200)

    // The owner, through the API and the portal's own queries; staff through the API.
    for (const t of [token, staff]) expect((await status(controller, t)).body).toEqual({ needed: true, withdrawn: [x.code], revokedKid: null, sequence: 1 })
    const me = asPortalUser(owner)
    const [mine] = await listMyControllers(payload, me)
    const need = await licenseNeedOf(payload, me, mine)
    expect(need).toMatchObject({ needed: true, withdrawn: [x.code] })
    expect(licenseState(mine, (await licenseNeeds(payload, me, [mine])).get(String(mine.id)))).toBe('needed')
    // Nobody else's: another customer learns nothing, the portal query answers null for them.
    const stranger = await createUser(payload, 'customer')
    expect((await status(controller, await login(server.api, stranger.email, TEST_PASSWORD))).status).toBe(404)
    expect(await licenseNeedOf(payload, asPortalUser(stranger as User), mine)).toBeNull()

    // Apply is allowed (same options the page now shows) and leaves the refunded option out; asking for it is refused.
    expect((await server.api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: [x.code] } })).status).toBe(422)
    const second = await applyAndVerify(controller, token, [kept.code as string])
    expect(second.options).toEqual([kept.code])
    expect((await status(controller, token)).body).toMatchObject({ needed: false, withdrawn: [], sequence: 2 })
    // The preview of the refunded order still names license 1, no longer the latest.
    expect((await server.api('GET', `/api/orders/${order.id}/refund-preview`, { token: staff })).body.licenses).toEqual([expect.objectContaining({ sequence: 1, latest: false })])
  })
})

describe('a revoked signing key', () => {
  test('every controller whose latest license the key signed reads "license needed" until its next license', async () => {
    const opt = await createOption(payload)
    const a = await customerWithController()
    const b = await customerWithController()
    const untouched = await customerWithController() // licensed after the rotation: not affected
    for (const c of [a, b]) {
      await buyAndPay(c.controller, c.token, opt.id)
      await applyAndVerify(c.controller, c.token, [opt.code as string])
    }
    const oldKid = (await payload.find({ collection: 'signing-keys', where: { status: { equals: 'active' } }, limit: 1, overrideAccess: true })).docs[0].kid

    const rotated = await server.api('POST', '/api/signing-keys/rotate', { token: admin, body: { confirm: true } })
    expect(rotated.status).toBe(201)
    expect((await certifyAndUpload(server.api, admin, rotated.body.key.id, root.signing)).status).toBe(200)
    await applyAndVerify(untouched.controller, untouched.token, [])
    for (const c of [a, b]) expect((await status(c.controller, c.token)).body).toMatchObject({ needed: false }) // retired, not revoked

    const published = await server.api('POST', '/api/revocation-lists', { token: admin, body: { list: revocationListFile(root.signing, 1, [oldKid]) } })
    expect(published.status).toBe(201)
    for (const c of [a, b]) {
      expect((await status(c.controller, c.token)).body).toEqual({ needed: true, withdrawn: [], revokedKid: oldKid, sequence: 1 })
      expect((await status(c.controller, staff)).body).toMatchObject({ needed: true, revokedKid: oldKid })
    }
    expect((await status(untouched.controller, untouched.token)).body).toMatchObject({ needed: false })

    // The next license (signed by the new key) clears it.
    await applyAndVerify(a.controller, a.token, [opt.code as string])
    expect((await status(a.controller, a.token)).body).toMatchObject({ needed: false, revokedKid: null, sequence: 2 })
    expect((await status(b.controller, b.token)).body).toMatchObject({ needed: true })
  })
})
