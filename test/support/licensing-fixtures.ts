/** Catalogue and factory records for the licensing tests, created as staff tooling would. */
import crypto from 'node:crypto'
import type { Payload } from 'payload'

import { encodeRequestCode, encodeRequestCodeV2 } from '@/licensing'

let serialCounter = 700000 + Math.floor(Math.random() * 100000)

export async function createOption(payload: Payload, overrides: Record<string, unknown> = {}) {
  const code = (overrides.code as string) ?? `OPT${crypto.randomBytes(3).toString('hex').toUpperCase()}`
  return payload.create({
    collection: 'options',
    overrideAccess: true,
    data: { code, name: `Option ${code}`, price: 12900, currency: 'EUR', modelIds: [3], onSale: true, ...overrides } as never,
  })
}

export async function createController(payload: Payload, overrides: Record<string, unknown> = {}) {
  serialCounter += 1
  return payload.create({
    collection: 'controllers',
    overrideAccess: true,
    data: {
      serial: String(serialCounter),
      modelId: 3,
      model: 'PUMOTIX NC-300',
      hardwareId: crypto.randomBytes(16).toString('hex'),
      ...overrides,
    } as never,
  })
}

export function requestCodeFor(controller: { serial?: unknown; modelId?: unknown; hardwareId?: unknown } | Record<string, unknown>, extra: { sequence?: number; createdAt?: Date } = {}) {
  return encodeRequestCode({
    modelId: controller.modelId as number,
    serial: controller.serial as string,
    hardwareId: controller.hardwareId as string,
    sequence: extra.sequence ?? 0,
    createdAt: extra.createdAt ?? new Date(),
  })
}

/** The PMX2 request code such a controller shows: it reads format 2 and reports the revocation list it holds. */
export function requestCodeV2For(
  controller: { serial?: unknown; modelId?: unknown; hardwareId?: unknown } | Record<string, unknown>,
  extra: { sequence?: number; createdAt?: Date; revocationNumber?: number; enforcesOptionEndDates?: boolean } = {},
) {
  return encodeRequestCodeV2({
    modelId: controller.modelId as number,
    serial: controller.serial as string,
    hardwareId: controller.hardwareId as string,
    sequence: extra.sequence ?? 0,
    createdAt: extra.createdAt ?? new Date(),
    revocationNumber: extra.revocationNumber ?? 0,
    enforcesOptionEndDates: extra.enforcesOptionEndDates ?? false,
  })
}
