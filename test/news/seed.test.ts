import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { seedNews } from '@/seed/news'
import { seedUsers } from '@/seed/users'
import { bootPayload, type TestContext } from '../support/payload'

let ctx: TestContext

beforeAll(async () => {
  ctx = await bootPayload()
})
afterAll(async () => {
  await ctx?.stop()
})

test('demo news: six published items in both languages with generated covers and resized variants; idempotent; nobody mailed', async () => {
  const users = await seedUsers(ctx.payload)
  await seedNews(ctx.payload, users)
  await seedNews(ctx.payload, users)
  const { docs } = await ctx.payload.find({ collection: 'news', locale: 'all', depth: 1, limit: 100, overrideAccess: true })
  expect(docs).toHaveLength(6)
  expect(new Set(docs.map((d) => (d as unknown as { category: string }).category))).toEqual(new Set(['news', 'firmware', 'promotion']))
  for (const doc of docs as unknown as Array<{ title: Record<string, string>; _status: string; author: { email: string }; cover: { filename: string; sizes: Record<string, { width: number; height: number; filename: string }> } }>) {
    expect(doc._status).toBe('published')
    expect(doc.title.en).toBeTruthy()
    expect(doc.title.ru).toMatch(/[а-яё]/i)
    expect(doc.author.email).toBe('editor@pumotix.local')
    expect(doc.cover.sizes.og).toMatchObject({ width: 1200, height: 630 })
    expect(doc.cover.sizes.thumbnail.width).toBe(400)
    expect(fs.existsSync(path.join(ctx.dataDir, 'media', doc.cover.filename))).toBe(true)
    expect(fs.existsSync(path.join(ctx.dataDir, 'media', doc.cover.sizes.card.filename))).toBe(true)
  }
  expect((await ctx.payload.count({ collection: 'payload-jobs', overrideAccess: true })).totalDocs).toBe(0)
})
