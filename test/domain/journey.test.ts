/**
 * The whole licensing journey through HTTP on the real server: claim by request code → order →
 * paid (staff and webhook) → apply → download → the file verifies with the device CLI and openssl.
 */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { signWebhook } from '@/domain/payment-webhook'
import { parseLicenseFile, verifyLicense, verifyLicenseWithForge } from '@/licensing'
import { paidFor } from '../support/entitlements'
import { login } from '../support/http'
import { createController, createOption, requestCodeFor } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'
import { populated } from '../support/populated'

const run = promisify(execFile)
const WEBHOOK_SECRET = 'whsec-test-0123456789'
let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET })
})
afterAll(async () => {
  await server?.close()
})

test('claim → order → paid by staff and by webhook → apply → download → verify', async () => {
  const { payload, api } = server
  const thc = await createOption(payload, { code: 'THC', price: 19900 })
  const axis4 = await createOption(payload, { code: 'AXIS4', price: 49900 })
  const factory = await createOption(payload, { code: 'SPINDLE' })
  const controller = await createController(payload, { factoryOptions: [factory.id] })
  const customer = await createUser(payload, 'customer')
  const manager = await createUser(payload, 'manager')
  const token = await login(api, customer.email, TEST_PASSWORD)
  const staffToken = await login(api, manager.email, TEST_PASSWORD)

  // Claim with the request code the controller shows (it reports license 0 installed).
  const claim = await api('POST', '/api/controllers/claim', { token, body: { requestCode: requestCodeFor(controller) } })
  expect(claim.status).toBe(200)
  expect(String(claim.body.controller.owner.id ?? claim.body.controller.owner)).toBe(String(customer.id))
  expect(claim.body.controller.notes).toBeUndefined()

  // Order THC: the client's price and status are ignored.
  const order = await api('POST', '/api/orders', {
    token,
    body: { controller: controller.id, items: [{ option: thc.id, unitPrice: 1 }], total: 1, status: 'paid' },
  })
  expect(order.status).toBe(201)
  expect(order.body.doc).toMatchObject({ status: 'awaiting_payment', total: 19900, currency: 'EUR' })
  expect(order.body.doc.number).toMatch(/^PMX-\d{4}-\d{6}$/)
  expect(order.body.doc.bill.paymentReference).toBe(order.body.doc.number)

  // Not paid yet: THC cannot be switched on.
  const early = await api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: ['THC'] } })
  expect(early.status).toBe(422)
  expect(early.text).toMatch(/THC/)

  // The customer cannot mark their own bill paid.
  const selfPaid = await api('PATCH', `/api/orders/${order.body.doc.id}`, { token, body: { status: 'paid', paymentReference: 'x' } })
  expect(selfPaid.status).toBe(403)

  // Staff mark it paid: a reference is required.
  const noRef = await api('PATCH', `/api/orders/${order.body.doc.id}`, { token: staffToken, body: { status: 'paid' } })
  expect(noRef.status).toBe(400)
  const paid = await api('PATCH', `/api/orders/${order.body.doc.id}`, { token: staffToken, body: { status: 'paid', paymentReference: 'BANK-REF-1' } })
  expect(paid.status).toBe(200)
  expect(paid.body.doc.paidAt).toBeTruthy()
  let c = await payload.findByID({ collection: 'controllers', id: controller.id, depth: 1, overrideAccess: true })
  expect((c.entitlements ?? []).map((e) => [populated(e.option).code, e.state])).toEqual([['THC', 'available']])

  // A second order, paid through the signed webhook.
  const order2 = await api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: axis4.id }] } })
  expect(order2.status).toBe(201)
  const event = JSON.stringify({ event: 'payment.succeeded', paymentId: 'pay_123', orderNumber: order2.body.doc.number, amount: 49900, currency: 'EUR' })
  const forged = await api('POST', '/api/payments/webhook', { rawBody: event, headers: { 'content-type': 'application/json', 'x-pumotix-signature': signWebhook(event, 'wrong-secret') } })
  expect(forged.status).toBe(401)
  const hook = await api('POST', '/api/payments/webhook', { rawBody: event, headers: { 'content-type': 'application/json', 'x-pumotix-signature': signWebhook(event, WEBHOOK_SECRET) } })
  expect(hook.status).toBe(200)
  c = await payload.findByID({ collection: 'controllers', id: controller.id, depth: 1, overrideAccess: true })
  expect(Object.fromEntries((c.entitlements ?? []).map((e) => [populated(e.option).code, e.state]))).toEqual({ THC: 'available', AXIS4: 'available' })

  // Apply THC: license 1 with the factory option and THC.
  const apply = await api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: ['THC'] } })
  expect(apply.status).toBe(201)
  expect(apply.body.license).toMatchObject({ sequence: 1, options: ['SPINDLE', 'THC'] })

  const download = await api('GET', apply.body.license.downloadUrl, { token })
  expect(download.status).toBe(200)
  expect(download.headers.get('content-disposition')).toBe(`attachment; filename="PMX-${controller.serial}-1.lic"`)
  const keys = (await api('GET', '/api/license-keys')).body.keys
  expect(keys).toHaveLength(1)
  expect(JSON.stringify(keys)).not.toMatch(/PRIVATE/)
  const forge = verifyLicenseWithForge(download.text, keys, { hardwareId: controller.hardwareId })
  expect(forge).toMatchObject({ ok: true, payload: { sequence: 1, options: ['SPINDLE', 'THC'], serial: controller.serial } })
  expect(verifyLicense(download.text, keys, { hardwareId: controller.hardwareId }).ok).toBe(true)

  // The device CLI (node-forge) and the openssl command line agree.
  const file = path.join(server.dataDir, 'license.lic')
  fs.writeFileSync(file, download.text)
  const cli = await run(process.execPath, ['bin/pumotix-device.mjs', 'verify', file, '--keys', `${server.url}/api/license-keys`, '--hardware-id', controller.hardwareId])
  expect(cli.stdout).toMatch(/License OK/)
  const parsed = parseLicenseFile(download.text)
  fs.writeFileSync(path.join(server.dataDir, 'payload.json'), parsed.payloadBytes)
  fs.writeFileSync(path.join(server.dataDir, 'sig.bin'), parsed.signature)
  fs.writeFileSync(path.join(server.dataDir, 'pub.pem'), keys[0].publicKey)
  const openssl = await run('openssl', ['pkeyutl', '-verify', '-pubin', '-inkey', 'pub.pem', '-rawin', '-in', 'payload.json', '-sigfile', 'sig.bin'], { cwd: server.dataDir })
  expect(openssl.stdout).toMatch(/Signature Verified Successfully/)

  // Entitlement states follow the license; switching THC off and AXIS4 on gives license 2.
  c = await payload.findByID({ collection: 'controllers', id: controller.id, depth: 1, overrideAccess: true })
  expect(Object.fromEntries((c.entitlements ?? []).map((e) => [populated(e.option).code, e.state]))).toEqual({ THC: 'active', AXIS4: 'available' })
  expect(c.licenseSequence).toBe(1)
  const apply2 = await api('POST', `/api/controllers/${controller.id}/apply`, { token: staffToken, body: { options: ['AXIS4'] } })
  expect(apply2.status).toBe(201)
  expect(apply2.body.license).toMatchObject({ sequence: 2, options: ['AXIS4', 'SPINDLE'] })
  const license2 = await payload.findByID({ collection: 'licenses', id: apply2.body.license.id, overrideAccess: true })
  expect(String(populated(license2.issuedBy).id)).toBe(String(manager.id))

  // Refunding the AXIS4 order removes it; it drops out of the next license.
  const refund = await api('PATCH', `/api/orders/${order2.body.doc.id}`, { token: staffToken, body: { status: 'refunded', statusReason: 'Customer returned it' } })
  expect(refund.status).toBe(200)
  const apply3 = await api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: [] } })
  expect(apply3.body.license).toMatchObject({ sequence: 3, options: ['SPINDLE'] })
  const apply4 = await api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: ['AXIS4'] } })
  expect(apply4.status).toBe(422)
})

test('applying the same options again issues the next license and leaves the options and their states as they were', async () => {
  const { payload, api } = server
  const customer = await createUser(payload, 'customer')
  const factory = await createOption(payload, { code: 'FACT1' })
  const bought = await createOption(payload, { code: 'BOUGHT1' })
  const controller = await createController(payload, {
    owner: customer.id,
    factoryOptions: [factory.id],
    entitlements: [{ option: bought.id, state: 'available', grantedAt: new Date().toISOString() }],
  })
  await paidFor(payload, controller, [bought])
  const token = await login(api, customer.email, TEST_PASSWORD)
  for (const sequence of [1, 2, 3]) {
    const res = await api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: ['BOUGHT1'] } })
    expect(res.body.license).toMatchObject({ sequence, options: ['BOUGHT1', 'FACT1'] })
  }
  const c = await payload.findByID({ collection: 'controllers', id: controller.id, depth: 1, overrideAccess: true })
  expect(c.licenseSequence).toBe(3)
  expect((c.factoryOptions ?? []).map((o) => populated(o).code)).toEqual(['FACT1'])
  expect((c.entitlements ?? []).map((e) => [populated(e.option).code, e.state])).toEqual([['BOUGHT1', 'active']])
})
