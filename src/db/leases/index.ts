/**
 * The lease rows behind the keyed locks shared by several app instances (src/domain/keyed-mutex.ts):
 * a row in `lock-leases` whose unique index on `key` is the lock. One implementation per database.
 */
import type { Payload } from 'payload'

import { rawAccess } from '../raw'
import { mongoLeases } from './mongodb'
import { sqliteLeases } from './sqlite'

export const LOCK_LEASES_SLUG = 'lock-leases'

export interface Leases {
  /** Takes the lease (a new row, or an expired one taken over); false when someone else holds it. */
  tryAcquire(key: string, token: string, now: number, expiresAt: number): Promise<boolean>
  /** Moves the holder's expiry forward; false when the lease is no longer this holder's. */
  renew(key: string, token: string, expiresAt: number): Promise<boolean>
  release(key: string, token: string): Promise<void>
}

/** The lease operations on the payload's database (exported for the tests, which play "another instance"). */
export function leasesFor(payload: Payload): Leases {
  const access = rawAccess(payload.db, LOCK_LEASES_SLUG)
  return access.kind === 'sqlite' ? sqliteLeases(access.sql) : mongoLeases(access.collection)
}

