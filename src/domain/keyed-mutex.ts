/**
 * Serialises work per key (e.g. every change to one controller), so read-check-write sequences such
 * as "next license sequence" or "claim if unowned" cannot interleave.
 *
 * Two layers:
 * 1. In this process: a promise chain per key. Always on; when shared locks are off this is all
 *    withLock does (a single SQLite process: nothing else can write).
 * 2. Across processes (several app instances on MongoDB or on one SQLite file): after its turn in the
 *    chain, the caller also takes a LEASE, a row in the `lock-leases` collection whose unique index on
 *    `key` is the lock: inserting it means holding it, a row already there means someone else holds it,
 *    so the caller retries with a growing backoff (2 ms → 50 ms) until LOCK_WAIT (15 s), then fails
 *    with 503 "try again". A lease expires LEASE (10 s) after it was taken or last renewed; the holder
 *    renews it every LEASE/3 while its work runs, so only a lease left by a killed or stalled
 *    process expires and is taken over. Release deletes the row by key and the holder's token.
 *    On SQLite acquiring is one `INSERT … ON CONFLICT(key) DO UPDATE … WHERE expires_at <= now
 *    RETURNING` (insert, or take over an expired lease, atomically), release one DELETE; on MongoDB
 *    an upserting updateOne (E11000 = held) and a deleteOne on the native collection.
 *
 * Shared locks are on with SHARED_LOCKS=1, and by default on MongoDB or when WEB_CONCURRENCY > 1
 * (src/config/shared-state.ts); `useSharedLocks(payload)` in src/startup/index.ts switches them on.
 * The unique indexes (licenses: controller+sequence, payments: paymentId, orders: number) remain the
 * last guard either way.
 *
 * Lock order: a caller holding `order:…` may take `controller:…`, never the reverse; no caller takes
 * the key it already holds (that would wait for itself).
 */
import crypto from 'node:crypto'
import os from 'node:os'
import { APIError, type Payload } from 'payload'

import { sharedLocksEnabled } from '@/config/shared-state'
import { leasesFor, type Leases } from '@/db/leases'
import { databaseKindOf } from '@/db/raw'

/**
 * Module state lives on globalThis: with pages on, Next.js bundles its own copy of this module next to
 * the one the express server loaded, and both must use one chain per key and one lease registration.
 */
const state = ((globalThis as { [k: symbol]: unknown })[Symbol.for('pumotix.keyed-mutex')] ??= {
  tails: new Map<string, Promise<unknown>>(),
  shared: undefined,
}) as { tails: Map<string, Promise<unknown>>; shared: Shared | undefined }
const { tails } = state


// The wait outlasts a lease: a caller that finds the lease of a killed process gets it when it expires,
// instead of answering 503.
export const DEFAULT_LEASE_MS = 10_000
export const DEFAULT_WAIT_MS = 15_000
const FIRST_BACKOFF_MS = 2
const MAX_BACKOFF_MS = 50

/** Someone else held the lock for longer than we may wait: a 503 the client can retry. */
export class LockTimeoutError extends APIError {
  constructor(key: string, waitedMs: number) {
    super(`Another change to the same record is still running (waited ${Math.round(waitedMs / 1000)} s). Please try again in a moment.`, 503, { lock: key }, true)
    this.name = 'LockTimeoutError'
  }
}

interface Shared {
  leases: Leases
  leaseMs: number
  waitMs: number
  logger: Pick<Payload['logger'], 'error'>
}

/** Names this process in lease rows (host/pid/random), so a stuck lease can be traced to its holder. */
const instance = `${os.hostname()}/${process.pid}/${crypto.randomBytes(3).toString('hex')}`
let tokens = 0

export interface SharedLockOptions {
  /** Default: SHARED_LOCKS, else on for MongoDB or WEB_CONCURRENCY > 1. */
  enabled?: boolean
  leaseMs?: number
  waitMs?: number
}

/** Registers the database that holds the leases; called once from onInit. Returns whether leases are used. */
export function useSharedLocks(payload: Payload, options: SharedLockOptions = {}): boolean {
  const enabled = options.enabled ?? sharedLocksEnabled(databaseKindOf(payload.db))
  if (!enabled) {
    state.shared = undefined
    return false
  }
  state.shared = {
    leases: leasesFor(payload),
    leaseMs: options.leaseMs ?? DEFAULT_LEASE_MS,
    waitMs: options.waitMs ?? DEFAULT_WAIT_MS,
    logger: payload.logger,
  }
  return true
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function underLease<T>(s: Shared, key: string, work: () => Promise<T>): Promise<T> {
  const token = `${instance}/${++tokens}`
  const started = Date.now()
  const deadline = started + s.waitMs
  let backoff = FIRST_BACKOFF_MS
  for (;;) {
    const now = Date.now()
    if (await s.leases.tryAcquire(key, token, now, now + s.leaseMs)) break
    if (now >= deadline) throw new LockTimeoutError(key, now - started)
    // Jittered, so waiters on several instances do not retry in step.
    await sleep(Math.min(backoff * (0.5 + Math.random() / 2), Math.max(1, deadline - now)))
    backoff = Math.min(backoff * 1.5, MAX_BACKOFF_MS)
  }
  const renewal = setInterval(() => {
    s.leases.renew(key, token, Date.now() + s.leaseMs).then(
      (ok) => ok || s.logger.error(`lock ${key}: the lease was taken over while its work was still running (stalled longer than ${s.leaseMs} ms?)`),
      (err) => s.logger.error({ err }, `lock ${key}: renewing the lease failed`),
    )
  }, Math.max(1, Math.floor(s.leaseMs / 3)))
  renewal.unref()
  try {
    return await work()
  } finally {
    clearInterval(renewal)
    // The work's outcome stands; a lease we could not delete expires on its own.
    await s.leases.release(key, token).catch((err) => s.logger.error({ err }, `lock ${key}: releasing the lease failed; it expires within ${s.leaseMs} ms`))
  }
}

export async function withLock<T>(key: string, work: () => Promise<T>): Promise<T> {
  const previous = tails.get(key) ?? Promise.resolve()
  let release!: () => void
  const current = new Promise<void>((resolve) => (release = resolve))
  const tail = previous.then(() => current)
  tails.set(key, tail)
  try {
    await previous.catch(() => undefined)
    const { shared } = state
    return shared ? await underLease(shared, key, work) : await work()
  } finally {
    release()
    if (tails.get(key) === tail) tails.delete(key)
  }
}
