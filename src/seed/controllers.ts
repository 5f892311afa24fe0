/**
 * Demo controllers, built through the same domain functions the product uses (claim aside), so the
 * demo data is what real use would leave behind: orders, payments, entitlements and signed licenses.
 */
import type { User } from '@payload-types'
import { createLocalReq, type Payload } from 'payload'

import { createTerm } from '@/domain/dated-options'
import { issueLicense } from '@/domain/issue-license'
import { placeOrder } from '@/domain/place-order'
import type { DemoUsers } from './users'

const MODELS: Record<number, string> = { 3: 'PUMOTIX NC-300 (3-axis mill)', 5: 'PUMOTIX NC-500 (5-axis mill)', 7: 'PUMOTIX PL-700 (plasma)' }

// Fixed demo hardware ids, so the request codes printed by `npm start` are reproducible. `format`: the
// license format the controller software reads (2: newer software that shows PMX2 codes and has a clock it trusts).
const demoControllers = [
  { serial: '100231', modelId: 3, hardwareId: '3f2a9c0e5b7d41a8a6c2e9f01b3d5a77', owner: 'customer@pumotix.local', factory: ['BASIC_IO', 'LOOKAHEAD'], format: 1 },
  { serial: '100318', modelId: 5, hardwareId: '8d41c7a2e0f94b6d9a3e5c1f7b2d0e64', owner: 'customer@pumotix.local', factory: ['BASIC_IO'], format: 2 },
  { serial: '200417', modelId: 7, hardwareId: 'c5e8a1d3f6b24097b8e2d4a6c0f1e395', owner: 'customer2@pumotix.local', factory: ['BASIC_IO'], format: 1 },
  { serial: '100502', modelId: 3, hardwareId: '0a9b8c7d6e5f40312a3b4c5d6e7f8091', owner: null, factory: ['BASIC_IO'], format: 1 },
  { serial: '100503', modelId: 5, hardwareId: '1b2c3d4e5f60718293a4b5c6d7e8f902', owner: null, factory: ['BASIC_IO', 'LOOKAHEAD'], format: 2 },
  { serial: '200504', modelId: 7, hardwareId: '2c3d4e5f6071829304b5c6d7e8f90a13', owner: null, factory: ['BASIC_IO'], format: 1 },
] as const

type Options = Record<string, { id: string | number }>

export async function seedControllers(payload: Payload, users: DemoUsers, options: Options): Promise<void> {
  const manager = users['manager@pumotix.local']
  for (const c of demoControllers) {
    const exists = await payload.count({ collection: 'controllers', where: { serial: { equals: c.serial } }, overrideAccess: true })
    if (exists.totalDocs) continue
    const owner = c.owner ? users[c.owner] : null
    await payload.create({
      collection: 'controllers',
      overrideAccess: true,
      data: {
        serial: c.serial,
        modelId: c.modelId,
        model: MODELS[c.modelId],
        hardwareId: c.hardwareId,
        ...(owner && c.format === 2 ? { licenseFormat: 2, enforcesOptionEndDates: true } : {}),
        factoryOptions: c.factory.map((code) => options[code].id),
        owner: owner?.id ?? null,
        claimedAt: owner ? new Date(Date.now() - 40 * 86400000).toISOString() : null,
        lastRequestAt: owner ? new Date(Date.now() - 40 * 86400000).toISOString() : null,
        notes: owner ? 'Demo controller.' : 'Unclaimed demo controller: try Add → Controller with its request code.',
      },
    })
  }

  const byserial = async (serial: string) =>
    (await payload.find({ collection: 'controllers', where: { serial: { equals: serial } }, limit: 1, overrideAccess: true })).docs[0]
  const asUser = (u: User) => createLocalReq({ user: { ...u, collection: 'users' } }, payload)

  // Customer 1, NC-300: THC and rigid tapping paid and switched on (license 1); probing awaits payment.
  const c1 = await byserial('100231')
  if (c1 && !c1.licenseSequence) {
    const customer = users['customer@pumotix.local']
    const paidOrder = await placeOrder(payload, await asUser(customer), { controller: c1.id, items: [{ option: options.THC.id }, { option: options.RIGID_TAP.id }] })
    await payload.update({ collection: 'orders', id: paidOrder.id, overrideAccess: true, data: { status: 'paid', paymentReference: 'DEMO-BANK-0001', paidBy: manager.id } })
    await issueLicense(payload, { controllerId: c1.id, options: ['THC', 'RIGID_TAP'], issuedBy: customer.id })
    await placeOrder(payload, await asUser(customer), { controller: c1.id, items: [{ option: options.PROBE.id }] })
  }
  // Customer 1, NC-500: the 4th axis paid but not yet switched on.
  const c2 = await byserial('100318')
  if (c2 && !(c2.entitlements ?? []).length) {
    const customer = users['customer@pumotix.local']
    const order = await placeOrder(payload, await asUser(customer), { controller: c2.id, items: [{ option: options.AXIS4.id }] })
    await payload.update({ collection: 'orders', id: order.id, overrideAccess: true, data: { status: 'paid', paymentReference: 'DEMO-BANK-0002', paidBy: manager.id } })
  }
  // Customer 1's NC-500 (newer software): firmware updates covered for the first year, which ends in 75 days.
  if (c2 && !c2.maintenanceUntil) {
    const from = new Date(Date.now() - 290 * 86400000).toISOString()
    const until = new Date(Date.now() + 75 * 86400000).toISOString()
    await createTerm(payload, { key: `demo:updates:${c2.id}`, controller: c2.id, option: options.UPDATES.id, code: 'UPDATES', kind: 'updates', from, until, reason: 'One year of firmware updates included with the controller', by: manager.id })
    await payload.update({ collection: 'controllers', id: c2.id, overrideAccess: true, data: { maintenanceUntil: until } })
  }
  // Customer 2, PL-700: a first license with the factory options only.
  const c3 = await byserial('200417')
  if (c3 && !c3.licenseSequence) {
    await issueLicense(payload, { controllerId: c3.id, options: [], issuedBy: manager.id })
  }
}

/**
 * Fresh request codes for the unclaimed demo controllers, as their software would show them now:
 * `code` as PMX1 software shows it, and for controllers with newer software also `codeV2` (PMX2).
 */
export async function unclaimedRequestCodes(payload: Payload): Promise<{ serial: string; model: string; code: string; codeV2?: string }[]> {
  const { encodeRequestCode, encodeRequestCodeV2 } = await import('@/licensing')
  const formatOf = (serial: string) => demoControllers.find((d) => d.serial === serial)?.format ?? 1
  const found = await payload.find({
    collection: 'controllers',
    where: { and: [{ owner: { exists: false } }, { serial: { in: demoControllers.map((c) => c.serial) } }] },
    limit: 10,
    depth: 0,
    overrideAccess: true,
  })
  return found.docs.map((c) => {
    const fields = { modelId: c.modelId, serial: c.serial, hardwareId: c.hardwareId, sequence: 0, createdAt: new Date() }
    return {
      serial: c.serial,
      model: c.model,
      code: encodeRequestCode(fields),
      ...(formatOf(c.serial) === 2 ? { codeV2: encodeRequestCodeV2({ ...fields, revocationNumber: 0, enforcesOptionEndDates: true }) } : {}),
    }
  })
}
