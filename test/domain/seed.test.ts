import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { unclaimedRequestCodes } from '@/seed/controllers'
import { seed } from '@/seed'
import { decodeRequestCode, verifyLicenseWithForge } from '@/licensing'
import { publishedKeys } from '@/domain/signing-keys'
import { bootPayload, type TestContext } from '../support/payload'
import { populated } from '../support/populated'

let ctx: TestContext
beforeAll(async () => {
  ctx = await bootPayload()
})
afterAll(async () => {
  await ctx?.stop()
})

test('the demo data has the catalogue, owned and unclaimed controllers, orders and verifiable licenses — and seeding twice adds nothing', async () => {
  const { payload } = ctx
  await seed(payload)
  const count = async (collection: 'options' | 'controllers' | 'orders' | 'licenses' | 'users') => (await payload.count({ collection, overrideAccess: true })).totalDocs
  const before = { options: await count('options'), controllers: await count('controllers'), orders: await count('orders'), licenses: await count('licenses'), users: await count('users') }
  expect(before.options).toBeGreaterThanOrEqual(10)
  expect(before.users).toBe(5)

  const orders = await payload.find({ collection: 'orders', limit: 100, overrideAccess: true })
  const statuses = orders.docs.map((o) => o.status)
  expect(statuses).toContain('paid')
  expect(statuses).toContain('awaiting_payment')

  const controllers = await payload.find({ collection: 'controllers', limit: 100, depth: 1, overrideAccess: true })
  const states = new Set(controllers.docs.flatMap((c) => (c.entitlements ?? []).map((e: { state: string }) => e.state)))
  expect([...states].sort()).toEqual(['active', 'available', 'awaiting_payment'])
  const owners = new Set(controllers.docs.map((c) => (c.owner ? populated(c.owner).email : undefined)).filter(Boolean))
  expect([...owners].sort()).toEqual(['customer2@pumotix.local', 'customer@pumotix.local'])

  const keys = await publishedKeys(payload)
  const licenses = await payload.find({ collection: 'licenses', limit: 100, overrideAccess: true })
  expect(licenses.docs.length).toBeGreaterThanOrEqual(2)
  for (const l of licenses.docs) expect(verifyLicenseWithForge(l.file, keys).ok).toBe(true)

  const codes = await unclaimedRequestCodes(payload)
  expect(codes.length).toBeGreaterThanOrEqual(3)
  for (const c of codes) expect(decodeRequestCode(c.code).serial).toBe(c.serial)

  await seed(payload)
  expect({ options: await count('options'), controllers: await count('controllers'), orders: await count('orders'), licenses: await count('licenses'), users: await count('users') }).toEqual(before)
})
