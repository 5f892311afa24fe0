/**
 * The rate-limit counters shared by every app instance (the `rate-limit-counters` collection), behind
 * the express-rate-limit store in src/server/rate-limit-store.ts. Each hit is one atomic statement, so
 * concurrent hits on several instances never lose a count. One implementation per database.
 */
import type { Payload } from 'payload'

import { rawAccess } from '../raw'
import type { CounterStore } from './counter'
import { mongoCounters } from './mongodb'
import { sqliteCounters } from './sqlite'

export const RATE_LIMIT_COUNTERS_SLUG = 'rate-limit-counters'

export type { Counter, CounterStore } from './counter'

export function counterStoreFor(payload: Payload): CounterStore {
  const access = rawAccess(payload.db, RATE_LIMIT_COUNTERS_SLUG)
  return access.kind === 'sqlite' ? sqliteCounters(access.sql) : mongoCounters(access.collection)
}
