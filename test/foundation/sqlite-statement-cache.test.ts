/**
 * The SQLite statement cache (src/config/sqlite-statement-cache.ts): statements are reused, results
 * stay fresh, a reused statement holds no snapshot or lock, a failed statement can run again, and the
 * cache stays within its size. Always on SQLite (the cache belongs to the SQLite driver), whatever
 * database the rest of the suite uses.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { type Client, createClient } from '@libsql/client'

import { statementCacheSize } from '@/config/database'
import { installStatementCache, statementCacheStats } from '@/db/sqlite/statement-cache'
import { bootPayload, type TestContext } from '../support/payload'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-stmt-cache-'))
const opened: Client[] = []

function connect(name: string): Client {
  const client = createClient({ url: `file:${path.join(dir, name)}` })
  opened.push(client)
  return client
}

/** Hits and misses counted while `fn` runs. */
async function counted(fn: () => Promise<unknown>): Promise<{ hits: number; misses: number }> {
  const before = statementCacheStats()
  await fn()
  const after = statementCacheStats()
  return { hits: after.hits - before.hits, misses: after.misses - before.misses }
}

beforeAll(() => installStatementCache(256))

afterAll(() => {
  for (const c of opened) c.close()
  installStatementCache(statementCacheSize())
  fs.rmSync(dir, { recursive: true, force: true })
})

describe('through Payload on SQLite', () => {
  let ctx: TestContext
  beforeAll(async () => {
    ctx = await bootPayload({ DATABASE_URI: `file:${path.join(dir, 'payload.db')}` })
  })
  afterAll(async () => ctx?.stop())

  test('a repeated query reuses its statement and still sees new documents', async () => {
    const { payload } = ctx
    const make = (code: string) => payload.create({ collection: 'options', data: { code, name: `Option ${code}`, price: 10, currency: 'EUR', modelIds: [3], onSale: false } as never })
    const codes = async () => (await payload.find({ collection: 'options', where: { code: { like: 'CACHE' } }, sort: 'code', limit: 0 })).docs.map((d) => (d as unknown as { code: string }).code)
    await make('CACHE1')
    expect(await codes()).toEqual(['CACHE1'])
    await make('CACHE2')
    let seen: string[] = []
    const second = await counted(async () => {
      seen = await codes()
    })
    expect(seen).toEqual(['CACHE1', 'CACHE2'])
    expect(second.hits).toBeGreaterThan(0)
    expect(second.misses).toBe(0)
  })
})

describe('on a libsql connection', () => {
  test("a reused statement sees another connection's writes and holds no read snapshot", async () => {
    const a = connect('fresh.db')
    const b = connect('fresh.db')
    await a.execute('PRAGMA journal_mode=WAL')
    await a.execute('create table t (x integer)')
    const count = async () => Number((await a.execute('select count(*) as n from t')).rows[0].n)
    expect(await count()).toBe(0)
    await b.execute({ sql: 'insert into t (x) values (?)', args: [1] })
    let n = 0
    const reused = await counted(async () => {
      n = await count()
    })
    expect(reused).toEqual({ hits: 1, misses: 0 })
    expect(n).toBe(1)
    // A reader still inside a snapshot would keep the checkpoint from copying the whole log back.
    const checkpoint = await b.execute('PRAGMA wal_checkpoint(TRUNCATE)')
    expect(Number(checkpoint.rows[0][0])).toBe(0) // not busy
  })

  test('a statement that failed runs again', async () => {
    const a = connect('unique.db')
    await a.execute('create table u (x integer unique)')
    const insert = (x: number) => a.execute({ sql: 'insert into u (x) values (?)', args: [x] })
    await insert(1)
    await expect(insert(1)).rejects.toThrow(/UNIQUE/)
    const again = await counted(() => insert(2))
    expect(again.hits).toBe(1)
    expect((await a.execute('select x from u order by x')).rows.map((r) => Number(r.x))).toEqual([1, 2])
  })

  test('a statement that failed while returning rows runs again (as Payload inserts do)', async () => {
    const a = connect('returning.db')
    await a.execute('create table r (id integer primary key, x integer unique)')
    const insert = (x: number) => a.execute({ sql: 'insert into r (x) values (?) returning id, x', args: [x] })
    expect(Number((await insert(1)).rows[0].x)).toBe(1)
    await expect(insert(1)).rejects.toThrow(/UNIQUE/)
    let row: Record<string, unknown> = {}
    const again = await counted(async () => {
      row = (await insert(2)).rows[0]
    })
    expect(again.hits).toBe(1)
    expect(Number(row.x)).toBe(2)
    expect(Number((await a.execute('select count(*) as n from r')).rows[0].n)).toBe(2)
  })

  test('keeps at most its size, dropping the least recently used', async () => {
    installStatementCache(3)
    try {
      const a = connect('lru.db')
      const sql = (i: number) => `select ${i} as v`
      for (let i = 1; i <= 4; i++) await a.execute(sql(i)) // 1 is dropped when 4 comes in
      expect(await counted(() => a.execute(sql(4)))).toEqual({ hits: 1, misses: 0 })
      expect(await counted(() => a.execute(sql(1)))).toEqual({ hits: 0, misses: 1 })
      expect((await a.execute(sql(2))).rows[0].v).toBe(2) // 2 was the oldest: dropped for 1
      expect(statementCacheStats().misses).toBeGreaterThan(0)
    } finally {
      installStatementCache(256)
    }
  })

  test('size 0 turns it off', async () => {
    installStatementCache(0)
    try {
      const a = connect('off.db')
      await a.execute('select 7')
      expect(await counted(() => a.execute('select 7'))).toEqual({ hits: 0, misses: 1 })
    } finally {
      installStatementCache(256)
    }
  })

  test('SQLITE_STATEMENT_CACHE must be a whole number', () => {
    const saved = process.env.SQLITE_STATEMENT_CACHE
    try {
      process.env.SQLITE_STATEMENT_CACHE = 'lots'
      expect(() => statementCacheSize()).toThrow(/SQLITE_STATEMENT_CACHE must be a whole number/)
      process.env.SQLITE_STATEMENT_CACHE = '0'
      expect(statementCacheSize()).toBe(0)
    } finally {
      if (saved === undefined) delete process.env.SQLITE_STATEMENT_CACHE
      else process.env.SQLITE_STATEMENT_CACHE = saved
    }
  })
})
