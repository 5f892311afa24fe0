/**
 * Runs once when Payload starts (server, scripts and tests alike): bring the SQLite schema up to date
 * with the committed migrations, then anything that needs the database.
 */
import type { Payload } from 'payload'

import { migrations } from '@/migrations'
import { markUnflaggedCustomers } from '@/domain/customer-flags'
import { useSharedLocks } from '@/domain/keyed-mutex'
import { ensureSigningKey } from '@/domain/signing-keys'
import { repairUnsyncedOrders } from '@/domain/sync-order-entitlements'
import { pinPlannerStats } from '@/db/sqlite/planner-stats'

export async function runMigrations(payload: Payload): Promise<void> {
  if (payload.db.name !== 'sqlite') return // MongoDB needs no schema migrations; indexes are built on connect.
  if (process.env.DB_PUSH === '1') return // scratch database, schema pushed by the adapter
  await payload.db.migrate({ migrations: migrations as unknown as Parameters<typeof payload.db.migrate>[0] extends { migrations?: infer M } ? M : never })
}

export async function runOnInit(payload: Payload): Promise<void> {
  await runMigrations(payload)
  if (payload.db.name === 'sqlite') await pinPlannerStats(payload.db.client as never)
  useSharedLocks(payload) // withLock across app instances (SHARED_LOCKS; src/domain/keyed-mutex.ts), before the repair below takes locks
  await ensureSigningKey(payload)
  const repaired = await repairUnsyncedOrders(payload)
  if (repaired) payload.logger.warn(`applied ${repaired} order status change(s) interrupted by a previous stop`)
  const marked = await markUnflaggedCustomers(payload)
  if (marked) payload.logger.info(`marked ${marked} user(s) with the customer role as customers (isCustomer)`)
}
