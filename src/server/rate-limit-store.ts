/**
 * An express-rate-limit store whose counters live in the database (the `rate-limit-counters`
 * collection), so every app instance counts against one budget per client: behind a round-robin
 * proxy a client gets the configured number of attempts, not N times it, and a restart forgets nothing.
 *
 * Each hit is one atomic statement in the database (src/db/rate-limit-counters/), so concurrent hits
 * on several instances never lose a count.
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

import { counterStoreFor, type CounterStore } from '@/db/rate-limit-counters'

const SWEEP_EVERY_MS = 10 * 60_000
const ERROR_LOG_EVERY_MS = 60_000

/** Expired counters are deleted now and then by whichever instance is counting (no timer of its own). */
let nextSweepAt = 0

export class DatabaseStore implements Store {
  /** Counts are shared with every other instance (tells express-rate-limit's double-count check). */
  readonly localKeys = false
  readonly prefix: string
  private windowMs = 60_000
  private backend?: CounterStore
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

  private db(): CounterStore {
    if (!this.backend) {
      this.backend = counterStoreFor(this.payload)
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
