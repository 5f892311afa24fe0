/**
 * Reading documents with their side tables (translations, hasMany values) uses an index on the parent
 * column (src/config/sqlite-parent-indexes.ts) instead of scanning the whole side table for every
 * document: the query plans of the SQL Payload sends, on the real SQLite database made by the committed
 * migrations, as `npm run seed:scale` shows them (scripts/scale/plans.ts).
 */
import type { CollectionSlug } from 'payload'
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { runPlanCase } from '@/scripts/scale/plans'
import { createOption } from '../support/licensing-fixtures'
import { createNews } from '../support/news-fixtures'
import { bootPayload, type TestContext } from '../support/payload'

let ctx: TestContext
beforeAll(async () => {
  ctx = await bootPayload()
  for (let i = 0; i < 3; i++) await createOption(ctx.payload)
  await createNews(ctx.payload, { status: 'published' })
})
afterAll(async () => {
  await ctx?.stop()
})

test.each<[string, CollectionSlug, number, string]>([
  ['options with their translations', 'options', 0, 'SEARCH options__locales USING INDEX options_locales_parent_id_idx (_parent_id=?)'],
  ['options with their model ids (hasMany numbers)', 'options', 0, 'SEARCH options__numbers USING INDEX options_numbers_parent_idx (parent_id=?)'],
  ['news with their translations', 'news', 0, 'SEARCH news__locales USING INDEX news_locales_parent_id_idx (_parent_id=?)'],
])('%s: the side table is searched by parent, nothing is scanned', async (_name, collection, depth, search) => {
  const r = await runPlanCase(ctx.payload, { name: collection, collection, depth, sort: '-createdAt' }, 1)
  const plans = r.statements.flatMap((s) => s.plan)
  expect(plans).toContain(search)
  expect(r.scans).toEqual([])
})
