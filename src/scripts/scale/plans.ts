/**
 * The request-path queries on the scale data set: each is run through Payload (`payload.find`), the
 * SQL Payload sent is captured from the libsql client, and for every statement the EXPLAIN QUERY
 * PLAN is printed; each SCAN of a table is sorted into one of three kinds: an ordered index walk that
 * stops at the LIMIT (no sort after it), a page total counted over a covering index, or a full scan.
 * Timings are medians/p95 of repeated runs.
 */
import type { User } from '@payload-types'
import type { CollectionSlug, Payload, Where } from 'payload'

import { sqliteClient, type RawSqlite } from '@/db/raw'

type InStatement = Parameters<RawSqlite['execute']>[0]

export interface PlanCase {
  name: string
  collection: CollectionSlug
  where?: Where
  sort?: string
  limit?: number
  depth?: number
  /** Run as this user with access control; otherwise overrideAccess. */
  user?: User
}

export interface PlanResult {
  name: string
  p50: number
  p95: number
  sqlP50: number
  /** Full scans: every row of a table (or of an index, outside a count) is read. */
  scans: string[]
  /** `SCAN t USING INDEX i` in order, under a LIMIT, with no sort after it: reads only the page. */
  walks: string[]
  /** `select count(*)` over a covering index: the list's total. */
  counts: string[]
  plan: string[]
  statements: { sql: string; plan: string[] }[]
}

/** The p-th percentile of unsorted timings (the rank floor(n·p/100)); the scale figures all use it. */
export const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))]

/** Records every statement Payload sends through the client until `restore` (the client is Payload's own). */
function capture(client: RawSqlite) {
  const seen: InStatement[] = []
  const original = client.execute
  const recording: typeof original = (stmt: InStatement) => {
    seen.push(stmt)
    return original.call(client, stmt)
  }
  client.execute = recording
  return { seen, restore: () => void (client.execute = original) }
}

export async function runPlanCase(payload: Payload, c: PlanCase, runs = 20): Promise<PlanResult> {
  const client = sqliteClient(payload.db)
  const find = () =>
    payload.find({
      collection: c.collection,
      where: c.where,
      sort: c.sort,
      limit: c.limit ?? 10,
      depth: c.depth ?? 0,
      ...(c.user ? { user: c.user, overrideAccess: false } : { overrideAccess: true }),
    })
  const cap = capture(client)
  await find()
  cap.restore()
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    await find()
    times.push(performance.now() - t0)
  }
  const plan: string[] = []
  const scans: string[] = []
  const walks: string[] = []
  const counts: string[] = []
  const statements: PlanResult['statements'] = []
  const sqlTimes: number[] = []
  for (const stmt of cap.seen) {
    const sql = typeof stmt === 'string' ? stmt : stmt.sql
    const args = typeof stmt === 'string' ? [] : stmt.args
    const rows = (await client.execute({ sql: `EXPLAIN QUERY PLAN ${sql}`, args } as InStatement)).rows
    const details = rows.map((r) => String(r.detail))
    statements.push({ sql, plan: details })
    plan.push(`  ${sql.length > 220 ? sql.slice(0, 220) + '…' : sql}`)
    const isCount = /^select count\(\*\)/i.test(sql)
    // A sort of the statement's own rows (parent 0), not of a correlated subquery's.
    const sortsAtTop = rows.some((r) => Number(r.parent) === 0 && /^USE TEMP B-TREE FOR (ORDER BY|RIGHT PART OF ORDER BY)/.test(String(r.detail)))
    const limited = /\blimit \?\s*(offset \?\s*)?$/i.test(sql)
    // A bare "SCAN t" after "CO-ROUTINE t" reads rows the co-routine already selected, not the table.
    const coroutines = new Set<string>()
    for (const r of rows) {
      const detail = String(r.detail)
      plan.push(`    ${detail}`)
      const co = /^CO-ROUTINE (\S+)/.exec(detail)
      if (co) coroutines.add(co[1])
      const scan = /^SCAN (\S+)( USING (COVERING )?INDEX \S+)?$/.exec(detail)
      if (!scan || (coroutines.has(scan[1]) && !scan[2]) || scan[1].startsWith('(')) continue
      if (isCount && scan[3]) counts.push(detail)
      else if (scan[2] && !scan[3] && limited && !sortsAtTop && Number(r.parent) === 0) walks.push(detail)
      else scans.push(detail)
    }
  }
  for (let i = 0; i < Math.min(runs, 10); i++) {
    const t0 = performance.now()
    for (const stmt of cap.seen) await client.execute(stmt)
    sqlTimes.push(performance.now() - t0)
  }
  return { name: c.name, p50: pct(times, 50), p95: pct(times, 95), sqlP50: pct(sqlTimes, 50), scans, walks, counts, plan, statements }
}
