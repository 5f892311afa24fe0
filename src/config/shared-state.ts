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

/** `payload.db.name` → the two kinds this product supports. */
export const databaseKindOf = (adapterName: string): DatabaseKind => (adapterName === 'sqlite' ? 'sqlite' : 'mongodb')

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

/** The libsql client under Payload's SQLite adapter: one raw statement is one round trip and one atomic write. */
export interface RawSqlite {
  execute(stmt: RawStatement): Promise<RawResult>
  /** Runs the statements in one transaction (mode "write": BEGIN IMMEDIATE), all or none. */
  batch(stmts: RawStatement[], mode: 'write'): Promise<RawResult[]>
}
export type RawStatement = { sql: string; args: (string | number | null)[] }
export type RawResult = { rows: Record<string, unknown>[]; rowsAffected: number }

/** The driver collection under Payload's MongoDB adapter (mongoose model → native collection). */
export interface RawMongoCollection {
  findOneAndUpdate(filter: object, update: object | object[], options: object): Promise<Record<string, unknown> | null>
  findOne(filter: object, options?: object): Promise<Record<string, unknown> | null>
  updateOne(filter: object, update: object | object[], options?: object): Promise<{ matchedCount: number; upsertedCount: number }>
  deleteOne(filter: object): Promise<{ deletedCount: number }>
  deleteMany(filter: object): Promise<{ deletedCount: number }>
}

type AdapterInternals = {
  name: string
  client?: RawSqlite
  collections?: Record<string, { collection: RawMongoCollection }>
}

export type RawAccess = { kind: 'sqlite'; sql: RawSqlite } | { kind: 'mongodb'; collection: RawMongoCollection }

/**
 * Raw access to one collection's storage, bypassing Payload's operations (hooks, access, validation).
 * On SQLite it is Payload's own connection, with its settings (WAL, busy timeout, SQLITE_SYNCHRONOUS).
 */
export function rawAccess(db: { name: string }, slug: string): RawAccess {
  const adapter = db as unknown as AdapterInternals
  if (databaseKindOf(adapter.name) === 'sqlite') {
    if (!adapter.client) throw new Error('the SQLite adapter is not connected')
    return { kind: 'sqlite', sql: adapter.client }
  }
  const model = adapter.collections?.[slug]
  if (!model) throw new Error(`the MongoDB adapter has no collection "${slug}"`)
  return { kind: 'mongodb', collection: model.collection }
}

/** A duplicate-key error from either database: SQLite's UNIQUE constraint, MongoDB's E11000. */
export function isDuplicateKey(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null
  if (!e) return false
  if (e.code === 11000 || e.code === 11001) return true
  return typeof e.message === 'string' && /UNIQUE constraint failed|E11000 duplicate key/.test(e.message)
}
