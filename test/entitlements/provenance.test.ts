/**
 * Issuance re-checks where every option comes from (src/domain/option-provenance.ts). Each bypass an
 * attacker had is simulated by writing with overrideAccess or below the hooks — a "paid" order with
 * no payment and no paidBy, an entitlement row set to available with no paid order, an unsynced paid
 * order without evidence that the start-up repair meets — and Apply for those options is refused
 * (422, audited) and no license file (checked with the verifier) ever carries them. The legitimate
 * paths still license: the payment webhook, staff's mark-paid with a reference, a trial, a staff
 * grant, a factory option.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { Payload } from 'payload'

import { signWebhook } from '@/domain/payment-webhook'
import { repairUnsyncedOrders } from '@/domain/sync-order-entitlements'
import { sweepDatedOptions } from '@/domain/dated-options-sweep'
import { verifyLicenseV2 } from '@/licensing'
import { writeOrder } from '../support/entitlements'
import { login } from '../support/http'
import { createController, createOption, requestCodeV2For } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

const WEBHOOK_SECRET = 'provenance-test-webhook-secret-0123456789'
let server: TestServer
let payload: Payload
let staff: string
let staffId: string | number

beforeAll(async () => {
  server = await startTestServer({ PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET })
  payload = server.payload
  const manager = await createUser(payload, 'manager')
  staffId = manager.id
  staff = await login(server.api, manager.email, TEST_PASSWORD)
})
afterAll(async () => {
  await server?.close()
})

type Ctl = { id: string | number; hardwareId: string; serial: string }

/** A customer with a PMX2 controller (enforces end dates) that left the factory with `factory`, and a token. */
async function customerWithController(factory: { id: string | number }[] = []) {
  const c = await createController(payload, { factoryOptions: factory.map((f) => f.id) })
  const owner = await createUser(payload, 'customer')
  const token = await login(server.api, owner.email, TEST_PASSWORD)
  const claim = await server.api('POST', '/api/controllers/claim', { token, body: { requestCode: requestCodeV2For(c, { enforcesOptionEndDates: true }) } })
  expect(claim.status).toBe(200)
  return { controller: { id: c.id, hardwareId: String(c.hardwareId), serial: String(c.serial) } as Ctl, owner, token }
}

const apply = (c: Ctl, token: string, options: string[]) => server.api('POST', `/api/controllers/${c.id}/apply`, { token, body: { options } })

/** Apply, download the file and verify it as a controller would; returns the codes it switches on. */
async function licensedCodes(c: Ctl, token: string, options: string[]): Promise<string[]> {
  const issued = await apply(c, token, options)
  expect(issued.status).toBe(201)
  const file = (await server.api('GET', issued.body.license.downloadUrl, { token })).text
  const { roots } = (await server.api('GET', '/api/license-keys')).body
  const verified = verifyLicenseV2(file, roots, null, { hardwareId: c.hardwareId })
  if (!verified.ok) throw new Error(verified.reason)
  return verified.payload.options.map((o) => o.code).sort()
}

/** Every license stored for the controller carries none of `codes`. */
async function noLicenseCarries(c: Ctl, codes: string[]) {
  const found = await payload.find({ collection: 'licenses', where: { controller: { equals: c.id } }, limit: 0, pagination: false, overrideAccess: true })
  for (const l of found.docs) for (const code of codes) expect(l.options ?? []).not.toContain(code)
}

async function placeOrder(c: Ctl, token: string, optionId: string | number) {
  const res = await server.api('POST', '/api/orders', { token, body: { controller: c.id, items: [{ option: optionId }] } })
  expect(res.status).toBe(201)
  return res.body.doc as { id: string | number; number: string; total: number; currency: string }
}

const rowState = async (c: Ctl, optionId: string | number) =>
  (await payload.findByID({ collection: 'controllers', id: c.id, depth: 0, overrideAccess: true })).entitlements?.find((e) => String(e.option) === String(optionId))?.state

async function refusals(c: Ctl) {
  const found = await payload.find({ collection: 'audit-events', where: { and: [{ action: { equals: 'license.refused' } }, { subjectId: { equals: String(c.id) } }] }, overrideAccess: true })
  return found.docs
}

describe('bypasses: the recorded state says paid, nothing proves it', () => {
  test('an order set to paid with overrideAccess, no payment and no paidBy: the row became available, Apply is refused and audited', async () => {
    const opt = await createOption(payload)
    const { controller, token } = await customerWithController()
    const order = await placeOrder(controller, token, opt.id)
    // The Local API with overrideAccess and no user, as a duplicated or forged "paid" reaches the hooks.
    await payload.update({ collection: 'orders', id: order.id, overrideAccess: true, data: { status: 'paid', paymentReference: 'FORGED' } })
    expect(await rowState(controller, opt.id)).toBe('available')

    const refused = await apply(controller, token, [opt.code as string])
    expect(refused.status).toBe(422)
    expect(refused.body.errors[0].message).toMatch(new RegExp(`Option ${opt.code} has no payment, trial or staff grant on record for controller ${controller.serial}`))
    expect(await refusals(controller)).toEqual([expect.objectContaining({ action: 'license.refused', after: expect.objectContaining({ withoutProvenance: [opt.code] }) })])
    expect(await licensedCodes(controller, token, [])).toEqual([])
    await noLicenseCarries(controller, [opt.code as string])
  })

  test('an entitlement row set to available with no paid order (a staff form edit): refused, also for staff applying', async () => {
    const opt = await createOption(payload)
    const { controller, token } = await customerWithController()
    await payload.update({ collection: 'controllers', id: controller.id, overrideAccess: true, data: { entitlements: [{ option: opt.id, state: 'available', grantedAt: new Date().toISOString() }] } })
    for (const t of [token, staff]) {
      const refused = await apply(controller, t, [opt.code as string])
      expect([refused.status, refused.body.errors[0].message]).toEqual([422, expect.stringMatching(/no payment, trial or staff grant on record/)])
    }
    // A paid order for the same option on another controller is no evidence for this one.
    const other = await customerWithController()
    await writeOrder(payload, { controller: other.controller.id, customer: other.owner.id, options: [{ id: opt.id, code: opt.code as string }], paidBy: staffId })
    expect((await apply(controller, token, [opt.code as string])).status).toBe(422)
    await noLicenseCarries(controller, [opt.code as string])
  })

  test('an unsynced paid order without evidence: the start-up repair withholds it (logged, audited), and Apply is refused', async () => {
    const opt = await createOption(payload)
    const { controller, owner, token } = await customerWithController()
    const forged = await writeOrder(payload, { controller: controller.id, customer: owner.id, options: [{ id: opt.id, code: opt.code as string }], paidBy: null, paymentReference: null, entitlementsSynced: false })
    // With evidence, an interrupted one is applied as before.
    const evidenced = await createOption(payload)
    const real = await writeOrder(payload, { controller: controller.id, customer: owner.id, options: [{ id: evidenced.id, code: evidenced.code as string }], paidBy: staffId, paymentReference: 'BANK-1', entitlementsSynced: false })

    const result = await repairUnsyncedOrders(payload)
    expect(result.withheld.map(String)).toContain(String(forged.id))
    expect(result.withheld.map(String)).not.toContain(String(real.id))
    expect(await rowState(controller, opt.id)).toBeUndefined()
    expect(await rowState(controller, evidenced.id)).toBe('available')
    expect((await payload.findByID({ collection: 'orders', id: forged.id, depth: 0, overrideAccess: true })).entitlementsSynced).toBe(false)
    const audit = await payload.find({ collection: 'audit-events', where: { and: [{ action: { equals: 'order.repair_withheld' } }, { subjectId: { equals: String(forged.id) } }] }, overrideAccess: true })
    expect(audit.docs).toHaveLength(1)
    // The next start withholds it again, and the audit log keeps the one event.
    expect((await repairUnsyncedOrders(payload)).withheld.map(String)).toContain(String(forged.id))
    expect((await payload.find({ collection: 'audit-events', where: { and: [{ action: { equals: 'order.repair_withheld' } }, { subjectId: { equals: String(forged.id) } }] }, overrideAccess: true })).docs).toHaveLength(1)

    // Even with its row forced to available, the option stays out of every license.
    const rows = (await payload.findByID({ collection: 'controllers', id: controller.id, depth: 0, overrideAccess: true })).entitlements ?? []
    await payload.update({ collection: 'controllers', id: controller.id, overrideAccess: true, data: { entitlements: [...rows, { option: opt.id, state: 'available', order: forged.id, grantedAt: new Date().toISOString() }] } })
    expect((await apply(controller, token, [opt.code as string, evidenced.code as string])).status).toBe(422)
    expect(await licensedCodes(controller, token, [evidenced.code as string])).toEqual([evidenced.code])
    await noLicenseCarries(controller, [opt.code as string])
  })

  test('the dated-options sweep never switches anything on: a forged row stays refused after a sweep', async () => {
    const opt = await createOption(payload)
    const { controller, token } = await customerWithController()
    const past = new Date(Date.now() - 60_000).toISOString()
    const future = new Date(Date.now() + 30 * 86_400_000).toISOString()
    await payload.update({ collection: 'controllers', id: controller.id, overrideAccess: true, data: { entitlements: [{ option: opt.id, state: 'ended', source: 'rental', until: future, grantedAt: past }] } })
    await sweepDatedOptions(payload, { now: new Date(), full: true })
    expect(await rowState(controller, opt.id)).toBe('ended')
    expect((await apply(controller, token, [opt.code as string])).status).toBe(422)
  })
})

describe('the legitimate paths still license the option', () => {
  test('the payment webhook (a payment row), staff mark-paid with a reference, and a factory option', async () => {
    const factory = await createOption(payload)
    const byWebhook = await createOption(payload)
    const byStaff = await createOption(payload)
    const { controller, owner, token } = await customerWithController([factory])

    const o1 = await placeOrder(controller, token, byWebhook.id)
    const body = JSON.stringify({ event: 'payment.succeeded', paymentId: `pay_${o1.number}`, orderNumber: o1.number, amount: o1.total, currency: o1.currency })
    const hook = await server.api('POST', '/api/payments/webhook', { rawBody: body, headers: { 'content-type': 'application/json', 'x-pumotix-signature': signWebhook(body, WEBHOOK_SECRET) } })
    expect(hook.status).toBe(200)

    const o2 = await placeOrder(controller, token, byStaff.id)
    // Who marked it paid is the logged-in staff member, whatever name the request gives.
    expect((await server.api('PATCH', `/api/orders/${o2.id}`, { token: staff, body: { status: 'paid', paymentReference: 'BANK-REF-42', paidBy: owner.id } })).status).toBe(200)
    expect((await payload.findByID({ collection: 'orders', id: o2.id, depth: 0, overrideAccess: true })).paidBy).toEqual(staffId)

    expect(await licensedCodes(controller, token, [byWebhook.code as string, byStaff.code as string])).toEqual([factory.code, byWebhook.code, byStaff.code].sort())
    expect(await refusals(controller)).toEqual([])
  })

  test('a free trial and a staff grant, with their ends', async () => {
    const trial = await createOption(payload, { trialDays: 14 })
    const granted = await createOption(payload)
    const { controller, token } = await customerWithController()
    expect((await server.api('POST', `/api/controllers/${controller.id}/trials`, { token, body: { option: trial.code } })).status).toBe(201)
    const until = new Date(Date.now() + 5 * 86_400_000).toISOString()
    const grant = await server.api('POST', `/api/controllers/${controller.id}/option-terms`, { token: staff, body: { action: 'grant', option: granted.code, until, reason: 'trade fair' } })
    expect(grant.status).toBe(200)
    expect(await licensedCodes(controller, token, [trial.code as string, granted.code as string])).toEqual([trial.code, granted.code].sort())
  })
})
