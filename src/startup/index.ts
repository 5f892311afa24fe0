/**
 * What happens on start, in order. `onPayloadInit` is Payload's onInit: it runs in every process that
 * starts Payload (the server, the job worker, the scripts and the tests). `onServerStart` runs once
 * more in the server process that migrates and runs the jobs (the lead worker of a cluster).
 */
import type { Payload } from 'payload'

import { applyMigrations, applyPlannerStats } from '@/db/migrate'
import { markUnflaggedCustomers } from '@/domain/customer-flags'
import { useSharedLocks } from '@/domain/keyed-mutex'
import { ensureRootKeys } from '@/domain/license-roots'
import { certifyActiveKeyForDevelopment, ensureSigningKey } from '@/domain/signing-keys'
import { repairUnsyncedOrders } from '@/domain/sync-order-entitlements'
import { seedIfEmpty } from '@/seed'

export async function onPayloadInit(payload: Payload): Promise<void> {
  await applyMigrations(payload)
  await applyPlannerStats(payload)
  // Locks across app instances (SHARED_LOCKS), before the repair below takes locks.
  useSharedLocks(payload)
  await ensureSigningKey(payload)
  await prepareFormat2(payload)
  await repairInterruptedOrders(payload)
  await markCustomers(payload)
}

export async function onServerStart(payload: Payload, { seedDemo }: { seedDemo: boolean }): Promise<void> {
  if (seedDemo) await seedIfEmpty(payload)
}

/**
 * The roots format 2 rests on: the configured ones stored; outside production with none, a development
 * root that certifies the active key. In production without a certified active key, say what to do.
 */
async function prepareFormat2(payload: Payload): Promise<void> {
  const roots = await ensureRootKeys(payload)
  const certified = await certifyActiveKeyForDevelopment(payload)
  if (certified) payload.logger.info(`license signing key ${certified} certified by the development root (not for controllers in the field)`)
  if (roots.kind === 'none') {
    payload.logger.warn('no license root key is configured (LICENSE_ROOT_KEYS): PMX2 controllers get no licenses until a root is configured and the signing key is certified (docs/keys.md); PMX1 controllers are not affected')
  }
}

/**
 * Orders whose status change was written but not applied to the controller (a crash in between); a
 * paid one without payment evidence is withheld (logged and audited by the repair).
 */
async function repairInterruptedOrders(payload: Payload): Promise<void> {
  const { repaired, withheld } = await repairUnsyncedOrders(payload)
  if (repaired) payload.logger.warn(`applied ${repaired} order status change(s) interrupted by a previous stop`)
  if (withheld.length) payload.logger.warn(`withheld ${withheld.length} order(s) marked paid without payment evidence: their options stay off (audit log: order.repair_withheld)`)
}

/** Users with the customer role whose isCustomer flag is missing (stored before the flag existed). */
async function markCustomers(payload: Payload): Promise<void> {
  const marked = await markUnflaggedCustomers(payload)
  if (marked) payload.logger.info(`marked ${marked} user(s) with the customer role as customers (isCustomer)`)
}
