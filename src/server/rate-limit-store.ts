/**
 * An express-rate-limit store whose counters live in the database (the `rate-limit-counters`
 * collection), so every app instance counts against one budget per client: behind a round-robin
 * proxy a client gets the configured number of attempts, not N times it, and a restart forgets nothing.
 *
 * Each hit is ONE atomic statement, so concurrent hits on several instances never lose a count:
 * - SQLite: `INSERT … ON CONFLICT(key) DO UPDATE SET hits = CASE WHEN reset_at <= now THEN 1 ELSE hits + 1 END … RETURNING`
 *   (the database serialises writers; WAL + busy timeout make them queue);
 * - MongoDB: `findOneAndUpdate` with `upsert` and an update pipeline on the native collection
 *   (a single-document update is atomic; the unique index on `key` stops a second upsert).
 *
 * When the database fails, the store FAILS OPEN TO THIS PROCESS: it logs the error (at most once a
 * minute) and counts the hit in a per-process memory store instead, so the limit still holds per
 * instance. Failing closed (429 or 500 for every request) would lock every customer out of login
 * during a database hiccup — and a login needs the database anyway, so an outage protects itself;
 * passing requests through uncounted would drop protection entirely. Per-instance counting for the
 * length of the hiccup is the smaller loss.
 */
import { MemoryStore, type ClientRateLimitInfo, type IncrementResponse, type Options, type Store } from 'express-rate-limit'
import type { Payload } from 'payload'

import { isDuplicateKey, rawAccess, type RawAccess } from '@/config/shared-state'

export const RATE_LIMIT_COUNTERS_SLUG = 'rate-limit-counters'
const TABLE = 'rate_limit_counters'
const SWEEP_EVERY_MS = 10 * 60_000
const ERROR_LOG_EVERY_MS = 60_000

type Counter = { hits: number; resetAt: Date }

interface Backend {
  increment(key: string, now: Date, resetAt: Date): Promise<Counter>
  get(key: string, now: Date): Promise<Counter | undefined>
  decrement(key: string, now: Date): Promise<void>
  reset(key: string): Promise<void>
  resetPrefix(prefix: string): Promise<void>
  sweep(now: Date): Promise<void>
}

const iso = (d: Date) => d.toISOString()
const counterOf = (hits: unknown, resetAt: unknown): Counter => ({ hits: Number(hits), resetAt: new Date(resetAt as string | Date) })

function sqliteBackend(access: Extract<RawAccess, { kind: 'sqlite' }>): Backend {
  const { sql } = access
  return {
    async increment(key, now, resetAt) {
      // ISO-8601 UTC strings of one length compare like the instants they name.
      const { rows } = await sql.execute({
        sql:
          `INSERT INTO ${TABLE} (key, hits, reset_at) VALUES (?1, 1, ?2) ` +
          `ON CONFLICT(key) DO UPDATE SET ` +
          `hits = CASE WHEN ${TABLE}.reset_at <= ?3 THEN 1 ELSE ${TABLE}.hits + 1 END, ` +
          `reset_at = CASE WHEN ${TABLE}.reset_at <= ?3 THEN excluded.reset_at ELSE ${TABLE}.reset_at END ` +
          `RETURNING hits, reset_at`,
        args: [key, iso(resetAt), iso(now)],
      })
      return counterOf(rows[0].hits, rows[0].reset_at)
    },
    async get(key, now) {
      const { rows } = await sql.execute({ sql: `SELECT hits, reset_at FROM ${TABLE} WHERE key = ?1 AND reset_at > ?2`, args: [key, iso(now)] })
      return rows[0] ? counterOf(rows[0].hits, rows[0].reset_at) : undefined
    },
    async decrement(key, now) {
      await sql.execute({ sql: `UPDATE ${TABLE} SET hits = MAX(hits - 1, 0) WHERE key = ?1 AND reset_at > ?2`, args: [key, iso(now)] })
    },
    async reset(key) {
      await sql.execute({ sql: `DELETE FROM ${TABLE} WHERE key = ?1`, args: [key] })
    },
    async resetPrefix(prefix) {
      await sql.execute({ sql: `DELETE FROM ${TABLE} WHERE substr(key, 1, ?2) = ?1`, args: [prefix, prefix.length] })
    },
    async sweep(now) {
      await sql.execute({ sql: `DELETE FROM ${TABLE} WHERE reset_at <= ?1`, args: [iso(now)] })
    },
  }
}

function mongoBackend(access: Extract<RawAccess, { kind: 'mongodb' }>): Backend {
  const { collection } = access
  const upsert = async (key: string, now: Date, resetAt: Date) => {
    // One pipeline stage sees the document as it was: a missing or past resetAt starts a new window.
    const expired = { $or: [{ $eq: [{ $type: '$resetAt' }, 'missing'] }, { $lte: ['$resetAt', now] }] }
    return collection.findOneAndUpdate(
      { key },
      [{ $set: { hits: { $cond: [expired, 1, { $add: ['$hits', 1] }] }, resetAt: { $cond: [expired, resetAt, '$resetAt'] } } }],
      { upsert: true, returnDocument: 'after', projection: { _id: 0, hits: 1, resetAt: 1 } },
    )
  }
  return {
    async increment(key, now, resetAt) {
      let doc: Record<string, unknown> | null
      try {
        doc = await upsert(key, now, resetAt)
      } catch (err) {
        // Two first hits at once: both upserts insert, the unique index refuses one; it now exists.
        if (!isDuplicateKey(err)) throw err
        doc = await upsert(key, now, resetAt)
      }
      if (!doc) throw new Error(`rate limit counter ${key} was not returned by the upsert`)
      return counterOf(doc.hits, doc.resetAt)
    },
    async get(key, now) {
      const doc = await collection.findOne({ key, resetAt: { $gt: now } }, { projection: { _id: 0, hits: 1, resetAt: 1 } })
      return doc ? counterOf(doc.hits, doc.resetAt) : undefined
    },
    async decrement(key, now) {
      await collection.updateOne({ key, resetAt: { $gt: now }, hits: { $gt: 0 } }, { $inc: { hits: -1 } })
    },
    async reset(key) {
      await collection.deleteOne({ key })
    },
    async resetPrefix(prefix) {
      await collection.deleteMany({ key: { $regex: `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` } })
    },
    async sweep(now) {
      await collection.deleteMany({ resetAt: { $lte: now } })
    },
  }
}

/** Expired counters are deleted now and then by whichever instance is counting (no timer of its own). */
let nextSweepAt = 0

export class DatabaseStore implements Store {
  /** Counts are shared with every other instance (tells express-rate-limit's double-count check). */
  readonly localKeys = false
  readonly prefix: string
  private windowMs = 60_000
  private backend?: Backend
  private fallback?: MemoryStore
  private options?: Options
  private lastErrorLogAt = 0

  /** `prefix` keeps the limiters apart in the one table, e.g. "login:". */
  constructor(
    private readonly payload: Payload,
    prefix: string,
  ) {
    this.prefix = prefix
  }

  init(options: Options): void {
    this.windowMs = options.windowMs
    this.options = options
  }

  private db(): Backend {
    if (!this.backend) {
      const access = rawAccess(this.payload.db, RATE_LIMIT_COUNTERS_SLUG)
      this.backend = access.kind === 'sqlite' ? sqliteBackend(access) : mongoBackend(access)
    }
    return this.backend
  }

  private local(): MemoryStore {
    if (!this.fallback) {
      this.fallback = new MemoryStore()
      if (this.options) this.fallback.init(this.options)
    }
    return this.fallback
  }

  private failed(operation: string, err: unknown): void {
    const now = Date.now()
    if (now - this.lastErrorLogAt < ERROR_LOG_EVERY_MS) return
    this.lastErrorLogAt = now
    this.payload.logger.error({ err }, `rate limit store: ${operation} failed in the database; counting in this process until it answers again`)
  }

  async increment(key: string): Promise<IncrementResponse> {
    const now = new Date()
    try {
      const counter = await this.db().increment(this.prefix + key, now, new Date(now.getTime() + this.windowMs))
      if (now.getTime() >= nextSweepAt) {
        nextSweepAt = now.getTime() + SWEEP_EVERY_MS
        this.db().sweep(now).catch((err) => this.failed('sweeping expired counters', err))
      }
      return { totalHits: counter.hits, resetTime: counter.resetAt }
    } catch (err) {
      this.failed('increment', err)
      return this.local().increment(key)
    }
  }

  async get(key: string): Promise<ClientRateLimitInfo | undefined> {
    try {
      const counter = await this.db().get(this.prefix + key, new Date())
      return counter ? { totalHits: counter.hits, resetTime: counter.resetAt } : undefined
    } catch (err) {
      this.failed('get', err)
      return this.local().get(key)
    }
  }

  async decrement(key: string): Promise<void> {
    try {
      await this.db().decrement(this.prefix + key, new Date())
    } catch (err) {
      this.failed('decrement', err)
      await this.local().decrement(key)
    }
  }

  async resetKey(key: string): Promise<void> {
    await this.fallback?.resetKey(key)
    await this.db().reset(this.prefix + key)
  }

  async resetAll(): Promise<void> {
    await this.fallback?.resetAll()
    await this.db().resetPrefix(this.prefix)
  }

  shutdown(): void {
    this.fallback?.shutdown()
  }
}
