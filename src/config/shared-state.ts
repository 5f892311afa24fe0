/**
 * Which per-process state is shared through the database when the product runs as several app
 * instances (docs/deploy.md, "Several instances"): the rate-limit counters and the keyed locks.
 *
 * Both default to shared when there can be more than one instance: on MongoDB (the production
 * target, normally behind a proxy with two or more instances) or when WEB_CONCURRENCY > 1. A single
 * SQLite process keeps the in-memory versions, which cost nothing.
 */

import { ConfigError, webConcurrency } from './env'

type Env = Record<string, string | undefined>
export type DatabaseKind = 'sqlite' | 'mongodb'


function severalInstancesLikely(kind: DatabaseKind, env: Env): boolean {
  if (kind === 'mongodb') return true
  return webConcurrency(env.WEB_CONCURRENCY) > 1
}

/** RATE_LIMIT_STORE=database|memory; unset: database on MongoDB or with WEB_CONCURRENCY > 1, else memory. */
export function rateLimitStoreKind(kind: DatabaseKind, env: Env = process.env): 'database' | 'memory' {
  const raw = env.RATE_LIMIT_STORE?.trim().toLowerCase()
  if (raw === 'database' || raw === 'memory') return raw
  if (raw) throw new ConfigError(`RATE_LIMIT_STORE must be "database" (counters shared by every instance) or "memory" (per process); got "${env.RATE_LIMIT_STORE}".`)
  return severalInstancesLikely(kind, env) ? 'database' : 'memory'
}

/** SHARED_LOCKS=1|0; unset: on for MongoDB or WEB_CONCURRENCY > 1, else off. */
export function sharedLocksEnabled(kind: DatabaseKind, env: Env = process.env): boolean {
  const raw = env.SHARED_LOCKS?.trim().toLowerCase()
  if (raw === '1' || raw === 'true') return true
  if (raw === '0' || raw === 'false') return false
  if (raw) throw new ConfigError(`SHARED_LOCKS must be 1 (locks held in the database, for several instances) or 0 (in this process only); got "${env.SHARED_LOCKS}".`)
  return severalInstancesLikely(kind, env)
}
