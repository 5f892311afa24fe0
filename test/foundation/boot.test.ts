import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { bootPayload, type TestContext } from '../support/payload'

let ctx: TestContext

beforeAll(async () => {
  ctx = await bootPayload()
})
afterAll(async () => {
  await ctx?.stop()
})

test('Payload boots on a fresh database with the committed migrations applied', async () => {
  const migrations = await ctx.payload.find({ collection: 'payload-migrations', limit: 100, overrideAccess: true })
  if (ctx.payload.db.name === 'sqlite') expect(migrations.docs.length).toBeGreaterThan(0)
  const users = await ctx.payload.count({ collection: 'users', overrideAccess: true })
  expect(users.totalDocs).toBe(0)
})
