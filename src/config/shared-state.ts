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
  execute(stmt: { sql: string; args: (string | number | null)[] }): Promise<{ rows: Record<string, unknown>[]; rowsAffected: number }>
}

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
  clientConfig?: { url?: string }
  busyTimeout?: number
  collections?: Record<string, { collection: RawMongoCollection }>
}

export type RawAccess = { kind: 'sqlite'; sql: RawSqlite } | { kind: 'mongodb'; collection: RawMongoCollection }

const sqliteConnections = new WeakMap<object, RawSqlite>()

/**
 * On a SQLite file the shared state gets its own connection with `synchronous = NORMAL`: Payload's
 * connection commits with FULL (an fsync per commit, 1–2 ms here), while a lease or a counter is worth
 * nothing after a power loss (its holder is gone too). In WAL mode NORMAL never corrupts the file; it
 * may only forget the last commits of THIS connection if the machine loses power. Measured on this
 * machine: lease insert + delete ≈ 0.08 ms (NORMAL) instead of 2–4 ms (FULL).
 */
function sharedStateConnection(adapter: AdapterInternals): RawSqlite {
  const main = adapter.client
  if (!main) throw new Error('the SQLite adapter is not connected')
  const url = adapter.clientConfig?.url
  if (!url?.startsWith('file:')) return main // :memory: is private to its connection
  let cached = sqliteConnections.get(adapter)
  if (!cached) {
    let client: RawSqlite | undefined
    let opening: Promise<RawSqlite> | undefined
    const open = async () => {
      const { drizzle } = await import('@payloadcms/db-sqlite/drizzle/libsql')
      const c = drizzle({ connection: { url } }).$client as unknown as RawSqlite
      await c.execute({ sql: `PRAGMA busy_timeout = ${Math.max(0, Math.floor(adapter.busyTimeout ?? 0)) || 10_000}`, args: [] })
      await c.execute({ sql: 'PRAGMA synchronous = NORMAL', args: [] })
      client = c
      return c
    }
    cached = {
      execute: (stmt) => (client ? client.execute(stmt) : (opening ??= open().catch((err) => ((opening = undefined), Promise.reject(err)))).then((c) => c.execute(stmt))),
    }
    sqliteConnections.set(adapter, cached)
  }
  return cached
}

/** Raw access to one collection's storage, bypassing Payload's operations (hooks, access, validation). */
export function rawAccess(db: { name: string }, slug: string): RawAccess {
  const adapter = db as unknown as AdapterInternals
  if (databaseKindOf(adapter.name) === 'sqlite') return { kind: 'sqlite', sql: sharedStateConnection(adapter) }
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
