/**
 * Options with end dates through HTTP, with the product's clock set by the test (src/domain/clock.ts):
 * a free trial (once per controller, also after a release and a new claim), rentals bought, paid and
 * renewed (periods add up exactly across a month end and a leap day; each paid order counts once; a
 * refund takes its period back), a staff grant and an early end, an update plan extending "firmware
 * updates until", and the refusals for controllers that cannot enforce end dates. The license files
 * carry each option's end and maintenanceUntil and verify with both implementations.
 */
import { afterAll, afterEach, beforeAll, describe, expect, test } from '@jest/globals'

import { setClock } from '@/domain/clock'
import { syncOrderEntitlements } from '@/domain/sync-order-entitlements'
import { verifyLicenseV2, verifyLicenseV2WithForge } from '@/licensing'
import { login } from '../support/http'
import { createController, createOption, requestCodeFor, requestCodeV2For } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

let server: TestServer
let staff: string
const opts: Record<string, { id: string | number; code: string }> = {}

const at = (iso: string) => setClock(() => new Date(iso))

beforeAll(async () => {
  server = await startTestServer()
  const p = server.payload
  const m = await createUser(p, 'manager')
  staff = await login(server.api, m.email, TEST_PASSWORD)
  opts.trial = await createOption(p, { code: 'TRY_THC', trialDays: 14 })
  opts.rent = await createOption(p, { code: 'RENT_AXIS4', sellOutright: false, rentalPeriods: [{ months: 1, price: 5000 }, { months: 3, price: 12000 }, { months: 12, price: 40000 }] })
  opts.grant = await createOption(p, { code: 'FAIR_ATC' })
  opts.updates = await createOption(p, { code: 'UPDATES', kind: 'updates', sellOutright: false, rentalPeriods: [{ months: 12, price: 9900 }] })
})
afterEach(() => setClock(null))
afterAll(async () => {
  setClock(null)
  await server?.close()
})

async function customerWithController(code: 'pmx2' | 'pmx2-no-clock' | 'pmx1' = 'pmx2') {
  const { payload, api } = server
  const controller = await createController(payload)
  const owner = await createUser(payload, 'customer')
  const token = await login(api, owner.email, TEST_PASSWORD)
  const requestCode = code === 'pmx1' ? requestCodeFor(controller) : requestCodeV2For(controller, { enforcesOptionEndDates: code === 'pmx2' })
  const claim = await api('POST', '/api/controllers/claim', { token, body: { requestCode } })
  expect(claim.status).toBe(200)
  return { controller, token, owner }
}

const rowOf = async (controllerId: string | number, optionId: string | number) =>
  (await server.payload.findByID({ collection: 'controllers', id: controllerId, depth: 0, overrideAccess: true })).entitlements?.find((e) => String(e.option) === String(optionId))

async function applyAndVerify(controller: { id: string | number; hardwareId: string }, token: string, options: string[], now?: Date) {
  const issued = await server.api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options } })
  expect(issued.status).toBe(201)
  const file = (await server.api('GET', issued.body.license.downloadUrl, { token })).text
  const { roots } = (await server.api('GET', '/api/license-keys')).body
  const results = [verifyLicenseV2, verifyLicenseV2WithForge].map((verify) => verify(file, roots, null, { hardwareId: controller.hardwareId, now }))
  for (const r of results) expect(r.ok).toBe(true)
  const [result] = results
  if (!result.ok) throw new Error(result.reason)
  return result
}

async function pay(orderId: string | number, reference: string) {
  const res = await server.api('PATCH', `/api/orders/${orderId}`, { token: staff, body: { status: 'paid', paymentReference: reference } })
  expect(res.status).toBe(200)
}

describe('free trials', () => {
  test('available at once until the end, in the license with its end; once per controller, also after a release and a new claim', async () => {
    // Real time (the signing key's certificate is valid from its creation): the trial is counted from now.
    const { controller, token } = await customerWithController()
    const started = Date.now()
    const res = await server.api('POST', `/api/controllers/${controller.id}/trials`, { token, body: { option: 'TRY_THC' } })
    expect(res.status).toBe(201)
    const until = new Date(res.body.until).getTime()
    expect(until - started).toBeGreaterThanOrEqual(14 * 86_400_000 - 5_000)
    expect(until - started).toBeLessThanOrEqual(14 * 86_400_000 + 5_000)
    expect(res.body.entitlement).toMatchObject({ option: 'TRY_THC', state: 'available', source: 'trial', until: res.body.until })
    expect(await rowOf(controller.id, opts.trial.id)).toMatchObject({ state: 'available', source: 'trial', until: res.body.until })

    const again = await server.api('POST', `/api/controllers/${controller.id}/trials`, { token, body: { option: 'TRY_THC' } })
    expect([again.status, again.body.errors[0].message]).toEqual([422, expect.stringMatching(/already has option TRY_THC/)])

    const license = await applyAndVerify({ id: controller.id, hardwareId: String(controller.hardwareId) }, token, ['TRY_THC'])
    expect(license.payload.options).toEqual([{ code: 'TRY_THC', until: res.body.until }])
    const after = verifyLicenseV2WithForge(
      (await server.api('GET', (await server.api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: ['TRY_THC'] } })).body.license.downloadUrl, { token })).text,
      (await server.api('GET', '/api/license-keys')).body.roots,
      null,
      { now: new Date(until + 1000) },
    )
    expect(after).toMatchObject({ ok: true, activeOptions: [] })

    // Released and claimed by someone else: still no second trial for this controller.
    expect((await server.api('POST', `/api/controllers/${controller.id}/release`, { token: staff, body: { reason: 'sold' } })).status).toBe(200)
    await server.payload.update({ collection: 'controllers', id: controller.id, overrideAccess: true, data: { entitlements: [] } })
    const next = await createUser(server.payload, 'customer')
    const nextToken = await login(server.api, next.email, TEST_PASSWORD)
    expect((await server.api('POST', '/api/controllers/claim', { token: nextToken, body: { requestCode: requestCodeV2For(controller, { enforcesOptionEndDates: true }) } })).status).toBe(200)
    const second = await server.api('POST', `/api/controllers/${controller.id}/trials`, { token: nextToken, body: { option: 'TRY_THC' } })
    expect([second.status, second.body.errors[0].message]).toEqual([409, expect.stringMatching(/tried on controller .* before; a trial is once per controller/)])
  })

  test('controllers that cannot enforce end dates are refused trials and rentals with the reason; buying outright works', async () => {
    for (const kind of ['pmx1', 'pmx2-no-clock'] as const) {
      const { controller, token } = await customerWithController(kind)
      const trial = await server.api('POST', `/api/controllers/${controller.id}/trials`, { token, body: { option: 'TRY_THC' } })
      expect([trial.status, trial.body.errors[0].message]).toEqual([422, expect.stringMatching(/cannot run options for a limited time.*PMX2-/)])
      const rent = await server.api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: opts.rent.id, months: 3 }] } })
      expect([rent.status, rent.body.errors[0].message]).toEqual([422, expect.stringMatching(/cannot run options for a limited time/)])
      const grant = await server.api('POST', `/api/controllers/${controller.id}/option-terms`, { token: staff, body: { action: 'grant', option: 'FAIR_ATC', until: new Date(Date.now() + 86_400_000).toISOString(), reason: 'fair' } })
      expect(grant.status).toBe(422)
      const buy = await server.api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: opts.trial.id }] } })
      expect(buy.status).toBe(201)
      expect(await rowOf(controller.id, opts.trial.id)).toMatchObject({ state: 'awaiting_payment', source: 'purchase' })
    }
  })
})

describe('rentals', () => {
  test('a month from 31 January is 29 February 2028; renewing adds to the current end (29 Feb 2028 + 12 months = 28 Feb 2029); after it ended, from the payment', async () => {
    const { controller, token } = await customerWithController()
    const order = async (months: number) => {
      const res = await server.api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: opts.rent.id, months }] } })
      expect(res.status).toBe(201)
      return res.body.doc
    }
    at('2028-01-31T10:00:00.000Z')
    const first = await order(1)
    expect(first.items[0]).toMatchObject({ code: 'RENT_AXIS4', months: 1, unitPrice: 5000 })
    expect(first.total).toBe(5000)
    expect(await rowOf(controller.id, opts.rent.id)).toMatchObject({ state: 'awaiting_payment', source: 'rental' })
    await pay(first.id, 'BANK-1')
    expect(await rowOf(controller.id, opts.rent.id)).toMatchObject({ state: 'available', source: 'rental', until: '2028-02-29T10:00:00.000Z' })

    at('2028-02-10T08:00:00.000Z')
    const renewal = await order(12)
    expect((await rowOf(controller.id, opts.rent.id))?.until).toBe('2028-02-29T10:00:00.000Z') // unchanged until paid
    await pay(renewal.id, 'BANK-2')
    expect((await rowOf(controller.id, opts.rent.id))?.until).toBe('2029-02-28T10:00:00.000Z')
    // The same paid order applied again (a second delivery, the start-up repair) adds nothing.
    const stored = await server.payload.findByID({ collection: 'orders', id: renewal.id, depth: 0, overrideAccess: true })
    await syncOrderEntitlements(server.payload, stored)
    expect((await rowOf(controller.id, opts.rent.id))?.until).toBe('2029-02-28T10:00:00.000Z')
    const terms = await server.payload.find({ collection: 'option-terms', where: { controller: { equals: controller.id } }, sort: 'from', overrideAccess: true })
    expect(terms.docs.map((t) => [t.kind, t.from, t.until])).toEqual([
      ['rental', '2028-01-31T10:00:00.000Z', '2028-02-29T10:00:00.000Z'],
      ['rental', '2028-02-29T10:00:00.000Z', '2029-02-28T10:00:00.000Z'],
    ])

    at('2029-06-01T12:00:00.000Z')
    expect((await server.api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: ['RENT_AXIS4'] } })).body.errors[0].message).toMatch(/ended on 2029-02-28/)
    const later = await order(1)
    await pay(later.id, 'BANK-3')
    expect(await rowOf(controller.id, opts.rent.id)).toMatchObject({ state: 'available', until: '2029-07-01T12:00:00.000Z' })

    // A refunded renewal takes its period back.
    at('2029-06-05T12:00:00.000Z')
    const refunded = await order(3)
    await pay(refunded.id, 'BANK-4')
    expect((await rowOf(controller.id, opts.rent.id))?.until).toBe('2029-10-01T12:00:00.000Z')
    expect((await server.api('PATCH', `/api/orders/${refunded.id}`, { token: staff, body: { status: 'refunded', statusReason: 'changed their mind' } })).status).toBe(200)
    expect(await rowOf(controller.id, opts.rent.id)).toMatchObject({ state: 'available', until: '2029-07-01T12:00:00.000Z' })
  })

  test('a rental option is not sold outright, rents only for its periods, and cannot be ordered twice while unpaid', async () => {
    const { controller, token } = await customerWithController()
    const cases: [unknown, RegExp][] = [
      [{ option: opts.rent.id }, /rented, not sold outright: choose a rental period \(1 month, 3 months, 12 months\)/],
      [{ option: opts.rent.id, months: 2 }, /can be rented for 1 month, 3 months, 12 months, not for 2 months/],
      [{ option: opts.trial.id, months: 1 }, /cannot be rented/],
    ]
    for (const [item, message] of cases) {
      const res = await server.api('POST', '/api/orders', { token, body: { controller: controller.id, items: [item] } })
      expect([res.status, res.body.errors[0].message]).toEqual([422, expect.stringMatching(message)])
    }
    expect((await server.api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: opts.rent.id, months: 1 }] } })).status).toBe(201)
    const twice = await server.api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: opts.rent.id, months: 1 }] } })
    expect([twice.status, twice.body.errors[0].message]).toEqual([422, expect.stringMatching(/already ordered .* waits for payment/)])
    const bad = await server.api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: opts.rent.id, months: 'three' }] } })
    expect(bad.status).toBe(400)
  })
})

describe('staff grants, early ends and firmware updates', () => {
  test('a grant is available until its date and in the license; ended early it is ended, needs a new license and is left out of it', async () => {
    const { controller, token } = await customerWithController()
    const until = new Date(Date.now() + 30 * 86_400_000).toISOString()
    const denied = await server.api('POST', `/api/controllers/${controller.id}/option-terms`, { token, body: { action: 'grant', option: 'FAIR_ATC', until, reason: 'fair' } })
    expect(denied.status).toBe(403)
    const noReason = await server.api('POST', `/api/controllers/${controller.id}/option-terms`, { token: staff, body: { action: 'grant', option: 'FAIR_ATC', until } })
    expect(noReason.status).toBe(400)
    const granted = await server.api('POST', `/api/controllers/${controller.id}/option-terms`, { token: staff, body: { action: 'grant', option: 'FAIR_ATC', until, reason: 'Hannover fair demo' } })
    expect(granted.body).toEqual({ option: 'FAIR_ATC', until, state: 'available' })
    const license = await applyAndVerify({ id: controller.id, hardwareId: String(controller.hardwareId) }, token, ['FAIR_ATC'])
    expect(license.payload.options).toEqual([{ code: 'FAIR_ATC', until }])
    expect(await rowOf(controller.id, opts.grant.id)).toMatchObject({ state: 'active', licensedUntil: until })

    const later = new Date(Date.now() + 60 * 86_400_000).toISOString()
    await server.api('POST', `/api/controllers/${controller.id}/option-terms`, { token: staff, body: { action: 'grant', option: 'FAIR_ATC', until: later, reason: 'extended for the customer' } })
    const extended = await rowOf(controller.id, opts.grant.id)
    expect(extended).toMatchObject({ state: 'active', until: later, licensedUntil: until }) // a new license is needed

    const ended = await server.api('POST', `/api/controllers/${controller.id}/option-terms`, { token: staff, body: { action: 'end', option: 'FAIR_ATC', reason: 'demo over' } })
    expect(ended.status).toBe(200)
    expect((await rowOf(controller.id, opts.grant.id))?.state).toBe('ended')
    const refused = await server.api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: ['FAIR_ATC'] } })
    expect([refused.status, refused.body.errors[0].message]).toEqual([422, expect.stringMatching(/FAIR_ATC ended on/)])
    const without = await applyAndVerify({ id: controller.id, hardwareId: String(controller.hardwareId) }, token, [])
    expect(without.payload.options).toEqual([])
    const audit = await server.payload.find({ collection: 'audit-events', where: { action: { in: ['option.granted', 'option.extended', 'option.ended_early'] } }, overrideAccess: true, sort: 'createdAt' })
    expect(audit.docs.map((a) => a.action)).toEqual(expect.arrayContaining(['option.granted', 'option.extended', 'option.ended_early']))
  })

  test('firmware updates until: set by staff, extended by an update plan from its current end, carried by format 2 licenses', async () => {
    const { controller, token } = await customerWithController()
    const noLimit = await server.api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: opts.updates.id, months: 12 }] } })
    expect([noLimit.status, noLimit.body.errors[0].message]).toEqual([422, expect.stringMatching(/not limited .* needs no update plan/)])
    const base = new Date(Date.now() + 10 * 86_400_000)
    base.setUTCMilliseconds(0)
    const set = await server.api('POST', `/api/controllers/${controller.id}/option-terms`, { token: staff, body: { action: 'maintenance', until: base.toISOString(), reason: '12 months included with the controller' } })
    expect(set.body).toEqual({ maintenanceUntil: base.toISOString() })
    const order = await server.api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: opts.updates.id, months: 12 }] } })
    expect(order.status).toBe(201)
    await pay(order.body.doc.id, 'BANK-UPD')
    const expected = new Date(base)
    expected.setUTCFullYear(base.getUTCFullYear() + 1)
    const stored = await server.payload.findByID({ collection: 'controllers', id: controller.id, overrideAccess: true })
    expect(stored.maintenanceUntil).toBe(expected.toISOString())
    expect(stored.entitlements?.some((e) => String(e.option) === String(opts.updates.id))).toBe(false) // a plan is not a license option
    const license = await applyAndVerify({ id: controller.id, hardwareId: String(controller.hardwareId) }, token, [])
    expect(license.payload.maintenanceUntil).toBe(expected.toISOString())
  })
})
