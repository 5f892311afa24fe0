/**
 * Soak data, written through the Local API before the server starts: a catalogue of options for
 * model 3, the customers (verified, one shared password) and, per customer, unclaimed factory
 * controllers whose request codes the virtual customers paste during the run.
 */
import crypto from 'node:crypto'
import type { Payload } from 'payload'

import { encodeRequestCode } from '@/licensing'

export const SOAK_PASSWORD = 'soak-password-123'

export interface SoakOption {
  id: string | number
  code: string
  price: number
  currency: string
}

export interface SoakCustomer {
  email: string
  /** Request codes of factory controllers nobody has claimed yet (one per controller). */
  codes: string[]
}

export interface SoakData {
  options: SoakOption[]
  customers: SoakCustomer[]
}

export async function seedSoak(
  payload: Payload,
  { customers, controllersPerCustomer, options }: { customers: number; controllersPerCustomer: number; options: number },
  progress: (done: number, total: number) => void,
): Promise<SoakData> {
  const data: SoakData = { options: [], customers: [] }
  for (let i = 0; i < options; i++) {
    const code = `SOAK_${String(i).padStart(2, '0')}`
    const o = await payload.create({ collection: 'options', overrideAccess: true, data: { code, name: `Soak option ${i}`, price: 1000 + i * 100, currency: 'EUR', modelIds: [3], onSale: true } })
    data.options.push({ id: o.id, code, price: 1000 + i * 100, currency: 'EUR' })
  }
  const stamp = Date.now().toString(36)
  let serial = 1_000_000_000 + Math.floor(Math.random() * 1_000_000_000)
  for (let c = 0; c < customers; c++) {
    const email = `soak-${stamp}-${c}@example.test`
    await payload.create({
      collection: 'users',
      overrideAccess: true,
      disableVerificationEmail: true,
      data: { email, name: `Soak customer ${c}`, phone: '+49 30 1234567', language: 'en', password: SOAK_PASSWORD, roles: ['customer'], _verified: true },
    })
    const codes: string[] = []
    for (let k = 0; k < controllersPerCustomer; k++) {
      serial += 1
      const hardwareId = crypto.randomBytes(16).toString('hex')
      await payload.create({ collection: 'controllers', overrideAccess: true, depth: 0, data: { serial: String(serial), modelId: 3, model: 'PUMOTIX NC-300', hardwareId } })
      codes.push(encodeRequestCode({ modelId: 3, serial: String(serial), hardwareId, sequence: 0, createdAt: new Date() }))
    }
    data.customers.push({ email, codes })
    progress(c + 1, customers)
  }
  return data
}
