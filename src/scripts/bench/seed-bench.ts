/**
 * Benchmark data through the product's own domain functions (Local API, before the server starts):
 * customers, each with controllers whose THC and AXIS4 options are ordered and paid (available) —
 * every other one a PMX2 controller that reads license format 2, its signing key certified by the
 * bench's root — a manager, and — for the page figures — one customer with 50 such controllers (the
 * first with three licenses) and the demo news with their cover images.
 */
import crypto from 'node:crypto'
import { createLocalReq, type Payload, type PayloadRequest } from 'payload'

import { certifySigningKey, type RootSigningKey } from '@/licensing'
import type { DemoUsers } from '@/seed/users'

export const BENCH_PASSWORD = 'bench-password-123'

export interface BenchData {
  manager: { email: string }
  customers: { email: string }[]
  controllers: { id: string | number; ownerEmail: string; format: 1 | 2 }[]
  pageCustomer: { email: string; controllerIds: (string | number)[] }
}

async function user(payload: Payload, role: 'customer' | 'manager', email: string) {
  return payload.create({
    collection: 'users',
    overrideAccess: true,
    disableVerificationEmail: true,
    data: { email, name: `Bench ${role}`, phone: '+49 30 1234567', language: 'en', password: BENCH_PASSWORD, roles: [role], _verified: true },
  })
}

let serial = 3_000_000_000

async function controller(payload: Payload, ownerId: string | number, licenseFormat: 1 | 2 = 1) {
  serial += 1
  return payload.create({
    collection: 'controllers',
    overrideAccess: true,
    data: { serial: String(serial), modelId: 3, model: 'PUMOTIX NC-300', hardwareId: crypto.randomBytes(16).toString('hex'), owner: ownerId, claimedAt: new Date().toISOString(), licenseFormat },
  })
}

export async function seedBench(payload: Payload, { customers, perCustomer, pages, root }: { customers: number; perCustomer: number; pages: boolean; root?: RootSigningKey }, progress: (done: number, total: number) => void): Promise<BenchData> {
  // Imported here, not at the top: they load src/config/env.ts, which fixes DATA_DIR (uploads, mail)
  // when first loaded — it must see the bench's temporary DATA_DIR, not the project's data/.
  const { placeOrder } = await import('@/domain/place-order')
  const { issueLicense } = await import('@/domain/issue-license')
  const { seedNews } = await import('@/seed/news')
  const { attachCertificate, certificationRequestFile } = await import('@/domain/signing-keys')
  if (root) {
    const active = (await payload.find({ collection: 'signing-keys', where: { status: { equals: 'active' } }, limit: 1, overrideAccess: true })).docs[0]
    await attachCertificate(payload, active.id, certifySigningKey((await certificationRequestFile(payload, active.id)).text, root).toString('base64'))
  }
  const opt = async (code: string) =>
    payload.create({ collection: 'options', overrideAccess: true, data: { code, name: `Option ${code}`, price: 10000, currency: 'EUR', modelIds: [3], onSale: true } })
  const thc = await opt('THC')
  const axis = await opt('AXIS4')
  const manager = await user(payload, 'manager', 'bench-manager@example.test')
  const data: BenchData = { manager: { email: manager.email as string }, customers: [], controllers: [], pageCustomer: { email: '', controllerIds: [] } }
  const total = customers * perCustomer + (pages ? 50 : 0)
  /** A controller of `u` whose THC and AXIS4 options are ordered and paid. */
  const paidController = async (u: { id: string | number }, req: PayloadRequest, format: 1 | 2 = 1) => {
    const ctl = await controller(payload, u.id, format)
    const order = await placeOrder(payload, req, { controller: ctl.id, items: [{ option: thc.id }, { option: axis.id }] })
    await payload.update({ collection: 'orders', id: order.id, overrideAccess: true, data: { status: 'paid', paymentReference: `BENCH-${ctl.id}`, paidBy: manager.id } }) // staff's mark-paid: issuance needs payment evidence
    return ctl
  }
  let done = 0
  for (let c = 0; c < customers; c++) {
    const u = await user(payload, 'customer', `bench-customer-${c}@example.test`)
    data.customers.push({ email: u.email as string })
    const req = await createLocalReq({ user: { ...u, collection: 'users' } }, payload)
    for (let k = 0; k < perCustomer; k++) {
      const format = root && k % 2 ? 2 : 1
      const ctl = await paidController(u, req, format)
      data.controllers.push({ id: ctl.id, ownerEmail: u.email as string, format })
      progress(++done, total)
    }
  }
  if (pages) {
    const u = await user(payload, 'customer', 'bench-pages@example.test')
    data.pageCustomer.email = u.email as string
    const req = await createLocalReq({ user: { ...u, collection: 'users' } }, payload)
    for (let k = 0; k < 50; k++) {
      data.pageCustomer.controllerIds.push((await paidController(u, req)).id)
      progress(++done, total)
    }
    const first = data.pageCustomer.controllerIds[0]
    for (const options of [['THC'], ['THC', 'AXIS4'], ['AXIS4']]) await issueLicense(payload, { controllerId: first, options })
    await seedNews(payload, {} as DemoUsers)
  }
  return data
}
