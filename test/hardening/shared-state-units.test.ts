/**
 * The pieces behind shared state, on a real database: the lock lease (take over a stale lease, wait
 * for a live one, give up with 503 after the wait, renew while the work runs), the database
 * rate-limit store (atomic counts, take-backs of successful requests, windows, reset, failing open
 * to this process) and the defaults.
 * The "other instance" is played with the same lease operations another instance would run.
 * Adapter-neutral: runs on MongoDB too (MONGODB_URI=… / PAYLOAD_DATABASE=mongodb).
 */
import os from 'node:os'
import { afterAll, beforeAll, describe, expect, jest, test } from '@jest/globals'
import type { Options } from 'express-rate-limit'
import type { Payload } from 'payload'

import { rateLimitStoreKind, sharedLocksEnabled } from '@/config/shared-state'
import { leasesFor } from '@/db/leases'
import { DEFAULT_LEASE_MS, DEFAULT_WAIT_MS, LockTimeoutError, useSharedLocks, withLock } from '@/domain/keyed-mutex'
import { DatabaseStore } from '@/server/rate-limit-store'
import { bootPayload, type TestContext } from '../support/payload'

let ctx: TestContext
let payload: Payload
const LEASE_MS = 1200
const WAIT_MS = 1500

beforeAll(async () => {
  ctx = await bootPayload()
  payload = ctx.payload
  expect(useSharedLocks(payload, { enabled: true, leaseMs: LEASE_MS, waitMs: WAIT_MS })).toBe(true)
})
afterAll(async () => {
  useSharedLocks(payload, { enabled: false })
  await ctx?.stop()
})

type LeaseRow = { token: string; expiresAt: string }
const leaseOf = async (key: string) =>
  (await payload.find({ collection: 'lock-leases', where: { key: { equals: key } }, overrideAccess: true, depth: 0 })).docs[0] as unknown as LeaseRow | undefined
/** What another instance's acquire does: insert, or take over an expired lease; true when it got it. */
const otherInstanceTries = (key: string, token: string, ms = 60_000) => leasesFor(payload).tryAcquire(key, token, Date.now(), Date.now() + ms)
const otherInstanceReleases = (key: string, token: string) => leasesFor(payload).release(key, token)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

describe('lock lease', () => {
  test('the lease rows are a Payload collection nobody reaches through the API', async () => {
    await payload.create({ collection: 'lock-leases', overrideAccess: true, data: { key: 'api-check', token: 't', expiresAt: new Date().toISOString() } as never })
    await expect(payload.find({ collection: 'lock-leases', overrideAccess: false })).rejects.toThrow(/not allowed/i)
    await expect(payload.find({ collection: 'rate-limit-counters', overrideAccess: false })).rejects.toThrow(/not allowed/i)
    await payload.delete({ collection: 'lock-leases', where: { key: { equals: 'api-check' } }, overrideAccess: true })
  })

  test('while the work runs the lease row is held under a token of this process; afterwards it is gone', async () => {
    const during = await withLock('unit:held', async () => leaseOf('unit:held'))
    expect(during?.token).toMatch(/\/\d+\/[0-9a-f]{6}\/\d+$/)
    expect(new Date(during!.expiresAt).getTime()).toBeGreaterThan(Date.now())
    expect(await leaseOf('unit:held')).toBeUndefined()
  })

  test('a stale lease (a killed process) is taken over at once', async () => {
    await payload.create({ collection: 'lock-leases', overrideAccess: true, data: { key: 'unit:stale', token: 'dead-process', expiresAt: new Date(Date.now() - 1000).toISOString() } as never })
    const started = Date.now()
    const during = await withLock('unit:stale', async () => leaseOf('unit:stale'))
    expect(Date.now() - started).toBeLessThan(500)
    expect(during?.token).not.toBe('dead-process')
    expect(await leaseOf('unit:stale')).toBeUndefined()
  })

  test('a live lease of another instance makes the caller wait until that instance releases it', async () => {
    expect(await otherInstanceTries('unit:live', 'other-instance')).toBe(true)
    let ranAt = 0
    const waiting = withLock('unit:live', async () => {
      ranAt = Date.now()
      return (await leaseOf('unit:live'))?.token
    })
    await sleep(400)
    expect(ranAt).toBe(0) // still waiting
    const releasedAt = Date.now()
    await otherInstanceReleases('unit:live', 'other-instance')
    const tokenDuringWork = await waiting
    expect(ranAt).toBeGreaterThanOrEqual(releasedAt)
    expect(ranAt - releasedAt).toBeLessThan(300) // the backoff stays short
    expect(tokenDuringWork).not.toBe('other-instance')
  })

  test('a caller that meets the lease of a process killed just now waits for it to expire and then runs (the wait outlasts a lease)', async () => {
    expect(DEFAULT_WAIT_MS).toBeGreaterThan(DEFAULT_LEASE_MS)
    // Taken a moment ago by a process that was then killed: never renewed, never released.
    expect(await otherInstanceTries('unit:killed', 'killed-process', LEASE_MS)).toBe(true)
    const started = Date.now()
    const during = await withLock('unit:killed', async () => leaseOf('unit:killed'))
    expect(Date.now() - started).toBeGreaterThanOrEqual(LEASE_MS - 50)
    expect(during?.token).not.toBe('killed-process')
    expect(await leaseOf('unit:killed')).toBeUndefined()
  })

  test('a lease held past the wait gives a 503 that says to try again, and leaves the holder alone', async () => {
    expect(await otherInstanceTries('unit:busy', 'slow-instance')).toBe(true)
    const work = jest.fn(async () => 'ran')
    const started = Date.now()
    const err = await withLock('unit:busy', work).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(LockTimeoutError)
    expect((err as LockTimeoutError).status).toBe(503)
    expect((err as Error).message).toMatch(/Another change to the same record is still running.*try again/)
    expect(Date.now() - started).toBeGreaterThanOrEqual(WAIT_MS)
    expect(work).not.toHaveBeenCalled()
    expect((await leaseOf('unit:busy'))?.token).toBe('slow-instance')
    // The in-process chain was released too: once the other instance lets go, the key works again.
    await otherInstanceReleases('unit:busy', 'slow-instance')
    expect(await withLock('unit:busy', work)).toBe('ran')
  })

  test('the holder renews its lease while the work runs longer than the lease, so nobody takes it over', async () => {
    const attemptsDuringWork: boolean[] = []
    await withLock('unit:long', async () => {
      for (let t = 0; t < 3; t++) {
        await sleep(LEASE_MS * 0.8) // 2.4 leases in all
        attemptsDuringWork.push(await otherInstanceTries('unit:long', 'other-instance', LEASE_MS))
      }
    })
    expect(attemptsDuringWork).toEqual([false, false, false])
    expect(await leaseOf('unit:long')).toBeUndefined()
  })

  test('a failing work releases the lease and the error reaches the caller', async () => {
    await expect(withLock('unit:fail', async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    expect(await leaseOf('unit:fail')).toBeUndefined()
  })
})

describe('database rate-limit store', () => {
  const storeWith = (prefix: string, windowMs: number) => {
    const store = new DatabaseStore(payload, prefix)
    store.init({ windowMs } as Options)
    return store
  }

  test('50 concurrent hits are counted exactly once each', async () => {
    const store = storeWith('unit-a:', 60_000)
    const results = await Promise.all(Array.from({ length: 50 }, () => store.increment('10.0.0.1')))
    expect(results.map((r) => r.totalHits).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    expect(new Set(results.map((r) => r.resetTime?.getTime())).size).toBe(1) // one window
    expect((await store.get('10.0.0.1'))?.totalHits).toBe(50)
    await store.decrement('10.0.0.1')
    expect((await store.get('10.0.0.1'))?.totalHits).toBe(49)
    // Another limiter (prefix) and another client count apart.
    expect((await storeWith('unit-b:', 60_000).increment('10.0.0.1')).totalHits).toBe(1)
    expect((await store.increment('10.0.0.2')).totalHits).toBe(1)
    await store.resetKey('10.0.0.1')
    expect(await store.get('10.0.0.1')).toBeUndefined()
    expect((await store.increment('10.0.0.1')).totalHits).toBe(1)
  })

  test('a new window starts once the old one has ended', async () => {
    const store = storeWith('unit-w:', 300)
    await store.increment('10.0.0.9')
    const second = await store.increment('10.0.0.9')
    expect(second.totalHits).toBe(2)
    await sleep(350)
    expect(await store.get('10.0.0.9')).toBeUndefined()
    const fresh = await store.increment('10.0.0.9')
    expect(fresh.totalHits).toBe(1)
    expect(fresh.resetTime!.getTime()).toBeGreaterThan(second.resetTime!.getTime())
  })

  test('decrement (what a successful login calls, skipSuccessfulRequests) takes back one hit, never goes below zero, and creates nothing for an unknown client', async () => {
    const store = storeWith('unit-d:', 60_000)
    const first = await store.increment('10.0.0.5')
    await store.increment('10.0.0.5')
    await store.decrement('10.0.0.5')
    expect(await store.get('10.0.0.5')).toEqual({ totalHits: 1, resetTime: first.resetTime })
    await store.decrement('10.0.0.5')
    await store.decrement('10.0.0.5') // a second take-back of one hit does not go negative
    expect((await store.get('10.0.0.5'))?.totalHits).toBe(0)
    expect((await store.increment('10.0.0.5')).totalHits).toBe(1) // same window, counting from zero
    // Concurrent hits and take-backs (logins arriving and succeeding at once) net out exactly.
    await Promise.all(Array.from({ length: 20 }, async () => {
      await store.increment('10.0.0.6')
      await store.decrement('10.0.0.6')
    }))
    expect((await store.get('10.0.0.6'))?.totalHits).toBe(0)
    await store.decrement('10.0.0.7')
    expect(await store.get('10.0.0.7')).toBeUndefined()
  })

  test('when the database fails, hits are counted in this process and the error is logged once a minute', async () => {
    const error = jest.fn()
    const broken = {
      db: { name: 'sqlite', clientConfig: { url: ':memory:' }, client: { execute: () => Promise.reject(new Error('SQLITE_BUSY: database is locked')) } },
      logger: { error },
    } as unknown as Payload
    const store = new DatabaseStore(broken, 'login:')
    store.init({ windowMs: 60_000 } as Options)
    const hits = []
    for (let i = 0; i < 4; i++) hits.push((await store.increment('10.0.0.3')).totalHits)
    expect(hits).toEqual([1, 2, 3, 4])
    // A success's take-back lands in the same per-process count.
    await store.decrement('10.0.0.3')
    expect((await store.increment('10.0.0.3')).totalHits).toBe(4)
    expect(error).toHaveBeenCalledTimes(1)
    expect(String(error.mock.calls[0][1])).toMatch(/counting in this process/)
    store.shutdown()
  })
})

test('defaults: shared on MongoDB or with WEB_CONCURRENCY > 1, per process for one SQLite process; explicit settings win', () => {
  expect(rateLimitStoreKind('sqlite', {})).toBe('memory')
  expect(rateLimitStoreKind('sqlite', { WEB_CONCURRENCY: '1' })).toBe('memory')
  expect(rateLimitStoreKind('sqlite', { WEB_CONCURRENCY: '4' })).toBe('database')
  expect(rateLimitStoreKind('mongodb', {})).toBe('database')
  expect(rateLimitStoreKind('mongodb', { RATE_LIMIT_STORE: 'memory' })).toBe('memory')
  expect(rateLimitStoreKind('sqlite', { RATE_LIMIT_STORE: 'database' })).toBe('database')
  expect(() => rateLimitStoreKind('sqlite', { RATE_LIMIT_STORE: 'redis' })).toThrow(/RATE_LIMIT_STORE must be "database".*got "redis"/)
  expect(sharedLocksEnabled('sqlite', {})).toBe(false)
  expect(sharedLocksEnabled('sqlite', { WEB_CONCURRENCY: '2' })).toBe(true)
  expect(sharedLocksEnabled('sqlite', { WEB_CONCURRENCY: 'auto' })).toBe(os.availableParallelism() > 1)
  expect(sharedLocksEnabled('mongodb', {})).toBe(true)
  expect(sharedLocksEnabled('mongodb', { SHARED_LOCKS: '0' })).toBe(false)
  expect(sharedLocksEnabled('sqlite', { SHARED_LOCKS: '1' })).toBe(true)
  expect(() => sharedLocksEnabled('sqlite', { SHARED_LOCKS: 'yes please' })).toThrow(/SHARED_LOCKS must be 1/)
  expect(() => sharedLocksEnabled('sqlite', { WEB_CONCURRENCY: 'many' })).toThrow(/WEB_CONCURRENCY/)
})
