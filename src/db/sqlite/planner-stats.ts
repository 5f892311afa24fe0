/**
 * Pinned SQLite planner statistics (`sqlite_stat1` rows written by hand), so that a query's plan does
 * not depend on how big a table happened to be when somebody last ran ANALYZE.
 *
 * Why: a manager may read "customers, or me" (collections/Users/access.ts), i.e.
 * `WHERE is_customer = 1 OR id = ?`. Without statistics SQLite assumes the flag's index picks out a
 * handful of rows, so for a 10-row admin page it unions the index with the id, then sorts every
 * customer by createdAt, a cost that grows with the users. Told that the flag has two values (half the
 * table each), it walks `users_created_at_idx` and stops after 10 rows; the page's total still counts
 * the flag's covering index (figures: docs/performance.md, *Scale*).
 *
 * Why pinned rather than a real ANALYZE: a new database has no statistics until somebody runs ANALYZE,
 * and running it on every start reads whole tables.
 * The pin costs nothing and gives the same plan at every size; it is the row ANALYZE writes for the
 * seed:scale database, which is SQLite's own advice for stable plans (ship the stat1 rows of a
 * representative database). An ANALYZE run later by an operator is harmless: with its rows for the
 * other indexes the plan stays the same (test/admin/users-list-plan.test.ts), and the pinned row is put back
 * on the next start.
 *
 * Applied on every start after the migrations (src/startup/index.ts); writes only when a row differs.
 */
import type { Client } from '@libsql/client'

/** [table, index, stat] as ANALYZE would write them for 100 000 users, half of them customers or more. */
export const PINNED_STATS: ReadonlyArray<readonly [string, string, string]> = [['users', 'users_is_customer_idx', '100000 50000']]

export async function pinPlannerStats(client: Client): Promise<number> {
  const statTable = await client.execute("SELECT 1 FROM sqlite_schema WHERE type = 'table' AND name = 'sqlite_stat1'")
  const hasStatTable = statTable.rows.length > 0
  const stale: (readonly [string, string, string])[] = []
  for (const row of PINNED_STATS) {
    const [tbl, idx, stat] = row
    const exists = await client.execute({ sql: 'SELECT 1 FROM sqlite_schema WHERE type = ? AND name = ?', args: ['index', idx] })
    if (!exists.rows.length) continue // no such index (a schema made without it): nothing to pin
    if (!hasStatTable) {
      stale.push(row)
      continue
    }
    const current = await client.execute({ sql: 'SELECT stat FROM sqlite_stat1 WHERE tbl = ? AND idx = ?', args: [tbl, idx] })
    if (current.rows.length !== 1 || current.rows[0].stat !== stat) stale.push(row)
  }
  if (!stale.length) return 0 // the usual start: read only, no write lock taken
  await client.batch(
    [
      // `ANALYZE sqlite_schema` creates sqlite_stat1 when missing and analyses nothing (that table has no index).
      ...(hasStatTable ? [] : ['ANALYZE sqlite_schema']),
      ...stale.flatMap(([tbl, idx, stat]) => [
        { sql: 'DELETE FROM sqlite_stat1 WHERE tbl = ? AND idx = ?', args: [tbl, idx] },
        { sql: 'INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES (?, ?, ?)', args: [tbl, idx, stat] },
      ]),
      // Loads the statistics into this connection; others load them when they next read the schema.
      'ANALYZE sqlite_schema',
    ],
    'write',
  )
  return stale.length
}
