/**
 * A manager's users list on the real SQLite database: "customers or me" (collections/Users/access.ts)
 * reads the `isCustomer` flag on the user row, and with the pinned planner statistics
 * (src/config/sqlite-planner-stats.ts) the page walks the createdAt index and stops at its LIMIT
 * instead of sorting every customer. The plans are captured from Payload's own SQL, as `npm run
 * seed:scale` shows them (scripts/scale/plans.ts).
 */
import type { User } from '@payload-types'
import type { Client } from '@libsql/client'
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { runPlanCase } from '@/scripts/scale/plans'
import { PINNED_STATS, pinPlannerStats } from '@/db/sqlite/planner-stats'
import { bootPayload, type TestContext } from '../support/payload'
import { createUser } from '../support/users'

let ctx: TestContext
let manager: User
beforeAll(async () => {
  ctx = await bootPayload()
  manager = { ...(await createUser(ctx.payload, 'manager')), collection: 'users' }
  for (let i = 0; i < 3; i++) await createUser(ctx.payload, 'customer')
  await createUser(ctx.payload, 'editor')
  await createUser(ctx.payload, 'admin')
})
afterAll(async () => {
  await ctx?.stop()
})

const client = () => ctx.payload.db.client as unknown as Client

/** The manager's first admin page of users: what it holds and the plan of each statement. */
async function managersPage() {
  const found = await ctx.payload.find({ collection: 'users', user: manager, overrideAccess: false, sort: '-createdAt', limit: 10, depth: 0 })
  const r = await runPlanCase(ctx.payload, { name: 'users list', collection: 'users', user: manager, sort: '-createdAt', limit: 10 }, 1)
  const list = r.statements.find((s) => /limit \?/i.test(s.sql) && /order by/i.test(s.sql))
  const count = r.statements.find((s) => /^select count\(\*\)/i.test(s.sql))
  if (!list || !count) throw new Error(`no list or count statement among: ${r.statements.map((s) => s.sql.slice(0, 60)).join(' | ')}`)
  return { found, r, list, count }
}

test('every start pins the statistics', async () => {
  const rows = (await client().execute("SELECT tbl, idx, stat FROM sqlite_stat1 WHERE tbl = 'users'")).rows.map((r) => [r.tbl, r.idx, r.stat])
  expect(rows).toEqual(PINNED_STATS.map((row) => [...row]))
  expect(await pinPlannerStats(client())).toBe(0) // already in place: nothing written
})

test("a manager's page holds customers and the manager, walks createdAt and stops at the LIMIT", async () => {
  const { found, r, list, count } = await managersPage()
  const roles = found.docs.map((u) => (u.roles as string[]).join(','))
  expect(found.totalDocs).toBe(4) // 3 customers + the manager; the editor and the admin are not theirs
  expect(roles.sort()).toEqual(['customer', 'customer', 'customer', 'manager'])
  expect(found.docs.some((u) => u.id === manager.id)).toBe(true)

  // No join with the roles table: the rule reads the flag on the row.
  expect(list.sql).toMatch(/"users"\."is_customer" = \?/)
  expect(list.sql).not.toMatch(/join "users_roles"/i)
  expect(r.walks).toEqual(['SCAN users USING INDEX users_created_at_idx'])
  expect(list.plan).not.toContain('MULTI-INDEX OR')
  expect(r.scans).toEqual([])
  // The total: the flag's covering index plus the manager's own row by key.
  expect(count.plan).toContain('SEARCH users USING COVERING INDEX users_is_customer_idx (is_customer=?)')
})

test('without statistics the page sorts every customer; the next start pins them again, and an ANALYZE keeps the walk', async () => {
  // A database nobody pinned or analysed: what every installation had before the pin.
  await client().batch(["DELETE FROM sqlite_stat1 WHERE tbl = 'users'", 'ANALYZE sqlite_schema'], 'write')
  const unpinned = await managersPage()
  expect(unpinned.list.plan).toContain('MULTI-INDEX OR') // every customer gathered, then sorted
  expect(unpinned.r.walks).toEqual([])

  expect(await pinPlannerStats(client())).toBe(1)
  const pinned = await managersPage()
  expect(pinned.r.walks).toEqual(['SCAN users USING INDEX users_created_at_idx'])
  expect(pinned.found.totalDocs).toBe(4)

  // An operator's ANALYZE (6 users) replaces every row of the table; its rows keep the walk, and the
  // next start puts the pinned row back.
  await client().execute('ANALYZE users')
  expect((await managersPage()).r.walks).toEqual(['SCAN users USING INDEX users_created_at_idx'])
  expect(await pinPlannerStats(client())).toBe(1)
  expect((await managersPage()).r.walks).toEqual(['SCAN users USING INDEX users_created_at_idx'])
})
