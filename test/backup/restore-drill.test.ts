/**
 * The restore drill (issue #18): a real server process on an SQLite file is loaded by several
 * clients over HTTP — claims by request code, orders, payments through the signed webhook, applies
 * and downloads — while `npm run backup` runs beside it; the clients keep writing after the backup.
 * The archive is restored with `npm run restore` into a fresh DATA_DIR and a second server started on
 * it. Then: every license issued before the backup verifies with the published keys; the counts are
 * the manifest's; each controller's licenses are exactly 1…n and the next apply issues n+1; nothing
 * written after the backup is there and nothing written before it is missing.
 *
 * "Before" is what the server answered before the backup command started; "after" is what was asked
 * after it exited. Requests in between may land on either side of the snapshot — each completely.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import type { Payload } from 'payload'

import { readManifest } from '@/backup/archive'
import { signWebhook } from '@/domain/payment-webhook'
import { verifyLicense } from '@/licensing'
import { login, type Api } from '../support/http'
import { createController, createOption, requestCodeFor } from '../support/licensing-fixtures'
import { bootPayload, type TestContext } from '../support/payload'
import { createUser, TEST_PASSWORD } from '../support/users'
import { commandEnv, runScript, startServerProcess, succeeded, type ServerProcess } from './support'

const WEBHOOK_SECRET = 'whsec-drill-0123456789'
const CUSTOMERS = 3
const CONTROLLERS_EACH = 2

interface Op {
  kind: 'claim' | 'order' | 'payment' | 'license'
  customer: number
  controllerId: number | string
  startedAt: number
  finishedAt: number
  orderId?: number | string
  orderNumber?: string
  license?: { id: number | string; sequence: number; text: string }
}

let ctx: TestContext
let payload: Payload
let work: string
const servers: ServerProcess[] = []

beforeAll(async () => {
  ctx = await bootPayload()
  payload = ctx.payload
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-drill-'))
})

afterAll(async () => {
  for (const s of servers) await s.stop()
  await ctx?.stop()
  fs.rmSync(work, { recursive: true, force: true })
})

const serverEnv = (dataDir: string, databaseUri?: string) =>
  commandEnv(dataDir, {
    DATABASE_URI: databaseUri,
    PAYLOAD_SECRET: process.env.PAYLOAD_SECRET,
    PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    JOBS_IN_PROCESS: 'false',
    RATE_LIMIT_CLAIM: '100000',
    RATE_LIMIT_LOGIN: '100000',
  })

test('backup under load, restore into a fresh DATA_DIR, serve it: licenses verify, counts match, sequences continue, nothing after the backup, nothing before it missing', async () => {
  // Catalogue, stock and accounts, made by staff tooling (the test's own Payload on the same file).
  const thc = await createOption(payload, { code: 'THC', price: 19900 })
  const axis4 = await createOption(payload, { code: 'AXIS4', price: 49900 })
  const factory = await createOption(payload, { code: 'SPINDLE' })
  const admin = await createUser(payload, 'admin')
  const customers = await Promise.all(Array.from({ length: CUSTOMERS }, () => createUser(payload, 'customer')))
  const stock = await Promise.all(Array.from({ length: CUSTOMERS * CONTROLLERS_EACH }, () => createController(payload, { factoryOptions: [factory.id] })))
  const controllerOf = (c: number, k: number) => stock[c * CONTROLLERS_EACH + k]

  const a = await startServerProcess(serverEnv(ctx.dataDir, process.env.DATABASE_URI))
  servers.push(a)
  const tokens = await Promise.all(customers.map((u) => login(a.api, u.email, TEST_PASSWORD)))
  const ops: Op[] = []

  const timed = async <T>(op: Omit<Op, 'startedAt' | 'finishedAt'>, run: () => Promise<T>, fill: (result: T, op: Op) => void = () => undefined) => {
    const startedAt = Date.now()
    const result = await run()
    const done: Op = { ...op, startedAt, finishedAt: Date.now() }
    fill(result, done)
    ops.push(done)
    return result
  }
  const ok = <R extends { status: number; text: string }>(res: R, status: number, what: string): R => {
    if (res.status !== status) throw new Error(`${what}: ${res.status} ${res.text}`)
    return res
  }

  async function apply(api: Api, c: number, controllerId: number | string) {
    await timed(
      { kind: 'license', customer: c, controllerId },
      async () => {
        const res = ok(await api('POST', `/api/controllers/${controllerId}/apply`, { token: tokens[c], body: { options: ['THC'] } }), 201, 'apply')
        const file = ok(await api('GET', res.body.license.downloadUrl, { token: tokens[c] }), 200, 'download')
        return { id: res.body.license.id, sequence: res.body.license.sequence, text: file.text }
      },
      (license, op) => (op.license = license),
    )
  }

  /** A customer's whole story for one controller: claim, order, payment, two licenses. */
  async function story(c: number, k: number) {
    const controller = controllerOf(c, k)
    await timed({ kind: 'claim', customer: c, controllerId: controller.id }, async () =>
      ok(await a.api('POST', '/api/controllers/claim', { token: tokens[c], body: { requestCode: requestCodeFor(controller) } }), 200, 'claim'),
    )
    const order = await timed(
      { kind: 'order', customer: c, controllerId: controller.id },
      async () => ok(await a.api('POST', '/api/orders', { token: tokens[c], body: { controller: controller.id, items: [{ option: thc.id }] } }), 201, 'order').body.doc,
      (doc, op) => Object.assign(op, { orderId: doc.id, orderNumber: doc.number }),
    )
    await timed({ kind: 'payment', customer: c, controllerId: controller.id, orderId: order.id, orderNumber: order.number }, async () => {
      const event = JSON.stringify({ event: 'payment.succeeded', paymentId: `pay-${order.number}`, orderNumber: order.number, amount: order.total, currency: 'EUR' })
      return ok(await a.api('POST', '/api/payments/webhook', { rawBody: event, headers: { 'content-type': 'application/json', 'x-pumotix-signature': signWebhook(event, WEBHOOK_SECRET) } }), 200, 'webhook')
    })
    await apply(a.api, c, controller.id)
    await apply(a.api, c, controller.id)
  }

  // Before: every customer's first controller, all customers at once.
  await Promise.all(customers.map(async (_, c) => {
    for (let k = 0; k < CONTROLLERS_EACH - 1; k++) await story(c, k)
  }))

  // During: the backup runs while every customer keeps applying and the third controllers are claimed, ordered, paid.
  const archive = path.join(work, 'drill.tar.gz')
  const backupStartedAt = Date.now()
  let backupFinishedAt = Infinity
  const backup = runScript('backup', ['--out', archive], commandEnv(ctx.dataDir, { DATABASE_URI: process.env.DATABASE_URI, PAYLOAD_SECRET: process.env.PAYLOAD_SECRET })).then((r) => {
    backupFinishedAt = Date.now()
    return r
  })
  await Promise.all([
    backup,
    ...customers.map(async (_, c) => {
      await story(c, CONTROLLERS_EACH - 1)
      for (let k = 0; backupFinishedAt === Infinity; k = (k + 1) % CONTROLLERS_EACH) await apply(a.api, c, controllerOf(c, k).id)
    }),
  ])
  succeeded(await backup)

  // After: more licenses and an order of another option on every controller.
  await Promise.all(customers.map(async (_, c) => {
    for (let k = 0; k < CONTROLLERS_EACH; k++) {
      await apply(a.api, c, controllerOf(c, k).id)
      await timed({ kind: 'order', customer: c, controllerId: controllerOf(c, k).id }, async () => ok(await a.api('POST', '/api/orders', { token: tokens[c], body: { controller: controllerOf(c, k).id, items: [{ option: axis4.id }] } }), 201, 'order').body.doc, (doc, op) => Object.assign(op, { orderId: doc.id, orderNumber: doc.number }))
    }
  }))
  expect(await a.stop()).toBe(0)

  const before = ops.filter((o) => o.finishedAt <= backupStartedAt)
  const after = ops.filter((o) => o.startedAt >= backupFinishedAt)
  const during = ops.filter((o) => !before.includes(o) && !after.includes(o))
  expect(before.filter((o) => o.kind === 'license').length).toBe(CUSTOMERS * (CONTROLLERS_EACH - 1) * 2)
  expect(during.length).toBeGreaterThan(CUSTOMERS) // the server did write while the backup ran
  expect(after.filter((o) => o.kind === 'license')).toHaveLength(CUSTOMERS * CONTROLLERS_EACH)

  // Restore into a fresh DATA_DIR with the same PAYLOAD_SECRET, and serve it.
  const restoredDir = path.join(work, 'restored')
  const restored = succeeded(await runScript('restore', [archive], commandEnv(restoredDir, { PAYLOAD_SECRET: process.env.PAYLOAD_SECRET })))
  expect(restored.stdout).toContain('every count matches the manifest')
  const manifest = await readManifest(archive)
  const b = await startServerProcess(serverEnv(restoredDir))
  servers.push(b)
  const staff = await login(b.api, admin.email, TEST_PASSWORD)
  const customerTokens = await Promise.all(customers.map((u) => login(b.api, u.email, TEST_PASSWORD)))

  // Counts as the manifest states them, through the restored server's API.
  for (const slug of ['users', 'controllers', 'orders', 'payments', 'licenses'] as const) {
    const res = await b.api('GET', `/api/${slug}?limit=1&depth=0`, { token: staff })
    expect([slug, res.body.totalDocs]).toEqual([slug, manifest.counts[slug]])
  }

  // Every license issued before the backup is there and verifies with the published keys.
  const keys = ok(await b.api('GET', '/api/license-keys'), 200, 'license-keys').body.keys
  const hardwareIdOf = new Map(stock.map((s) => [String(s.id), s.hardwareId as string]))
  for (const op of before.filter((o) => o.kind === 'license')) {
    const result = verifyLicense(op.license!.text, keys, { hardwareId: hardwareIdOf.get(String(op.controllerId))! })
    expect(result).toMatchObject({ ok: true, payload: { sequence: op.license!.sequence } })
    const row = ok(await b.api('GET', `/api/licenses/${op.license!.id}?depth=0`, { token: staff }), 200, `license ${op.license!.id}`)
    expect(row.body.sequence).toBe(op.license!.sequence)
  }
  // Claims, orders and payments from before are there; nothing asked after the backup is.
  for (const op of before.filter((o) => o.kind === 'claim')) {
    const c = ok(await b.api('GET', `/api/controllers/${op.controllerId}?depth=0`, { token: staff }), 200, 'controller')
    expect(String(c.body.owner)).toBe(String(customers[op.customer].id))
  }
  for (const op of before.filter((o) => o.kind === 'payment')) {
    const order = ok(await b.api('GET', `/api/orders/${op.orderId}?depth=0`, { token: staff }), 200, 'order')
    expect(order.body.status).toBe('paid')
  }
  for (const op of after) {
    const id = op.kind === 'license' ? op.license!.id : op.orderId
    expect([op.kind, (await b.api('GET', `/api/${op.kind === 'license' ? 'licenses' : 'orders'}/${id}?depth=0`, { token: staff })).status]).toEqual([op.kind, 404])
  }
  // A request from the busy window is either wholly there (the same license) or not at all.
  for (const op of during.filter((o) => o.kind === 'license')) {
    const res = await b.api('GET', `/api/licenses/${op.license!.id}?depth=0`, { token: staff })
    if (res.status === 200) expect(res.body.sequence).toBe(op.license!.sequence)
    else expect(res.status).toBe(404)
  }

  // Each controller's licenses are exactly 1…n, n is its sequence, and the next apply issues n+1.
  for (let c = 0; c < CUSTOMERS; c++) {
    for (let k = 0; k < CONTROLLERS_EACH; k++) {
      const id = controllerOf(c, k).id
      const controller = ok(await b.api('GET', `/api/controllers/${id}?depth=0`, { token: staff }), 200, 'controller').body
      const licenses = ok(await b.api('GET', `/api/licenses?where[controller][equals]=${id}&limit=1000&depth=0&sort=sequence`, { token: staff }), 200, 'licenses').body.docs
      const n = controller.licenseSequence ?? 0
      expect(licenses.map((l: { sequence: number }) => l.sequence)).toEqual(Array.from({ length: n }, (_, i) => i + 1))
      if (!controller.owner) continue // the busy window's claim fell after the snapshot
      // THC only when its payment made it into the snapshot.
      const paid = (controller.entitlements ?? []).some((e: { option: unknown }) => String(e.option) === String(thc.id))
      const next = ok(await b.api('POST', `/api/controllers/${id}/apply`, { token: customerTokens[c], body: { options: paid ? ['THC'] : [] } }), 201, 'apply on the restored server')
      expect(next.body.license.sequence).toBe(n + 1)
      const file = ok(await b.api('GET', next.body.license.downloadUrl, { token: customerTokens[c] }), 200, 'download')
      expect(verifyLicense(file.text, keys, { hardwareId: hardwareIdOf.get(String(id))! })).toMatchObject({ ok: true, payload: { sequence: n + 1 } })
    }
  }
  expect(await b.stop()).toBe(0)
})
