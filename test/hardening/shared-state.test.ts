/**
 * Two app instances on one database (two real server processes, API-only; one SQLite file by default,
 * one MongoDB database with MONGODB_URI=…), with the rate-limit
 * counters and the keyed locks shared through the database (RATE_LIMIT_STORE=database,
 * SHARED_LOCKS=1): one login budget per client across both, license sequences without gaps or
 * duplicates when applies land on both, one winner when both get a claim of the same controller, and
 * distinct order numbers when orders land on both at once.
 * This test process prepares the database (migrations, signing key, fixtures) through the Local API.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import type { Readable } from 'node:stream'
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import type { Payload } from 'payload'

import { SERVER_NODE_ARGS } from '@/server/node-args'
import { paidFor } from '../support/entitlements'
import { apiClient, type Api } from '../support/http'
import { createController, createOption, requestCodeFor } from '../support/licensing-fixtures'
import { bootPayload, type TestContext } from '../support/payload'
import { freePort } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'
import { tokenFor } from './fixtures'

interface Instance {
  child: ChildProcessByStdio<null, Readable, Readable>
  api: Api
  output: () => string
  exited: Promise<number | null>
}

let ctx: TestContext
let payload: Payload
let instances: Instance[] = []

async function startInstance(): Promise<Instance> {
  const port = await freePort()
  let out = ''
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, 'src/server.ts'], {
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      API_ONLY: '1',
      DISABLE_PAYLOAD_HMR: 'true',
      LOG_LEVEL: 'warn',
      DATA_DIR: ctx.dataDir,
      DATABASE_URI: process.env.DATABASE_URI,
      PAYLOAD_SECRET: process.env.PAYLOAD_SECRET,
      PORT: String(port),
      SERVER_URL: `http://localhost:${port}`,
      JOBS_IN_PROCESS: 'false',
      RATE_LIMIT_STORE: 'database',
      SHARED_LOCKS: '1',
      RATE_LIMIT_LOGIN: '10',
      RATE_LIMIT_CLAIM: '1000',
    } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (d: Buffer) => (out += d))
  child.stderr.on('data', (d: Buffer) => (out += d))
  const exited = new Promise<number | null>((resolve) => child.on('close', (code: number | null) => resolve(code)))
  // 127.0.0.1, not localhost: every request must come from the same client address.
  const url = `http://127.0.0.1:${port}`
  const deadline = Date.now() + 90_000
  for (;;) {
    if (child.exitCode !== null) throw new Error(`instance exited early:\n${out}`)
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) break
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) throw new Error(`instance not ready:\n${out}`)
    await new Promise((r) => setTimeout(r, 200))
  }
  return { child, api: apiClient(url), output: () => out, exited }
}

const leaseKeys = async () =>
  (await payload.find({ collection: 'lock-leases', limit: 0, pagination: false, depth: 0, overrideAccess: true })).docs.map((d) => (d as { key?: string }).key)

beforeAll(async () => {
  // The test process migrates the file and makes the signing key, so the instances can start together.
  ctx = await bootPayload()
  payload = ctx.payload
  instances = await Promise.all([startInstance(), startInstance()])
}, 180_000)

afterAll(async () => {
  for (const i of instances) i.child.kill('SIGTERM')
  const codes = await Promise.all(instances.map((i) => i.exited))
  await ctx?.stop()
  expect(codes).toEqual(instances.map(() => 0))
})

test('successful logins spread over both instances use none of the budget: each is taken back from the shared counter', async () => {
  const user = await createUser(payload, 'customer')
  // One after another, more than RATE_LIMIT_LOGIN (10) of them, alternating between the instances.
  for (let i = 0; i < 14; i++) {
    const res = await instances[i % 2].api('POST', '/api/users/login', { body: { email: user.email, password: TEST_PASSWORD } })
    expect({ i, status: res.status }).toEqual({ i, status: 200 })
  }
  const loginHits = async () => (await payload.find({ collection: 'rate-limit-counters', where: { key: { like: 'login:' } }, depth: 0, overrideAccess: true })).docs.map((c) => c.hits)
  // A success is taken back after its answer has been sent: wait for the last one to land.
  const deadline = Date.now() + 10_000
  while ((await loginHits())[0] !== 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50))
  expect(await loginHits()).toEqual([0])
})

test('wrong-password logins spread over both instances share one budget: exactly RATE_LIMIT_LOGIN pass, the rest get 429', async () => {
  const results = await Promise.all(
    Array.from({ length: 30 }, (_, i) =>
      instances[i % 2].api('POST', '/api/users/login', { body: { email: `nobody-${i}@example.test`, password: 'not-the-password' } }),
    ),
  )
  const statuses = results.map((r) => r.status)
  expect(statuses.filter((s) => s === 401)).toHaveLength(10)
  expect(statuses.filter((s) => s === 429)).toHaveLength(20)
  for (const r of results.filter((x) => x.status === 429)) {
    expect(r.body.errors[0].message).toMatch(/^Too many failed logins from your network address\. Please try again in [1-5] minutes?\.$/)
  }
  // Both instances turned clients away, so neither counted on its own.
  expect(results.filter((r, i) => i % 2 === 0 && r.status === 429).length).toBeGreaterThan(0)
  expect(results.filter((r, i) => i % 2 === 1 && r.status === 429).length).toBeGreaterThan(0)
  const counters = await payload.find({ collection: 'rate-limit-counters', where: { key: { like: 'login:' } }, depth: 0, overrideAccess: true })
  expect(counters.docs).toHaveLength(1)
  expect(counters.docs[0].hits).toBe(30)
  const last = results.find((r) => r.status === 429)!
  expect(last.headers.get('ratelimit-policy')).toMatch(/q=10\b/)
})

test('16 concurrent applies on one controller, 8 per instance: all 201, sequences exactly 1…16, issued in order', async () => {
  const customer = await createUser(payload, 'customer')
  const option = await createOption(payload)
  const controller = await createController(payload, {
    owner: customer.id,
    entitlements: [{ option: option.id, state: 'available', grantedAt: new Date().toISOString() }],
  })
  await paidFor(payload, controller, [option])
  const token = await tokenFor(payload, customer.email)
  // Every other request switches the bought option on, the rest switch it off.
  const results = await Promise.all(
    Array.from({ length: 16 }, (_, i) =>
      instances[i % 2].api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: i % 4 < 2 ? [option.code] : [] } }),
    ),
  )
  expect(results.map((r) => (r.status === 201 ? 201 : `${r.status} ${r.text}`))).toEqual(Array(16).fill(201))
  const range = Array.from({ length: 16 }, (_, i) => i + 1)
  expect(results.map((r) => r.body.license.sequence).sort((a, b) => a - b)).toEqual(range)
  const stored = await payload.find({ collection: 'licenses', where: { controller: { equals: controller.id } }, sort: 'sequence', limit: 100, depth: 0, overrideAccess: true })
  expect(stored.docs.map((l) => l.sequence)).toEqual(range)
  // Under one lock per controller a license's sequence is taken and its time stamped in one turn, so
  // a later sequence never carries an earlier time.
  const times = stored.docs.map((l) => new Date(l.issuedAt as string).getTime())
  expect(times).toEqual([...times].sort((a, b) => a - b))
  // The controller's counter and option state are those of the last license.
  const c = await payload.findByID({ collection: 'controllers', id: controller.id, depth: 0, overrideAccess: true })
  expect(c.licenseSequence).toBe(16)
  const lastOn = (stored.docs[15].options as string[]).includes(option.code as string)
  expect((c.entitlements ?? []).map((e) => e.state)).toEqual([lastOn ? 'active' : 'available'])
  // Every lease was released.
  expect(await leaseKeys()).toEqual([])
})

test('two customers claim one unclaimed controller at once, one through each instance: one 200, one 409', async () => {
  for (let round = 0; round < 3; round++) {
    const controller = await createController(payload)
    const code = requestCodeFor(controller as never)
    const a = await createUser(payload, 'customer')
    const b = await createUser(payload, 'customer')
    const [ta, tb] = [await tokenFor(payload, a.email), await tokenFor(payload, b.email)]
    const results = await Promise.all([
      instances[0].api('POST', '/api/controllers/claim', { token: ta, body: { requestCode: code } }),
      instances[1].api('POST', '/api/controllers/claim', { token: tb, body: { requestCode: code } }),
    ])
    expect(results.map((r) => r.status).sort()).toEqual([200, 409])
    const loser = results.find((r) => r.status === 409)!
    expect(loser.body.errors[0].message).toMatch(/already registered to another account/)
    const stored = await payload.findByID({ collection: 'controllers', id: controller.id, depth: 0, overrideAccess: true })
    const winner = results[0].status === 200 ? a : b
    expect(String(stored.owner)).toBe(String(winner.id))
  }
  expect(await leaseKeys()).toEqual([])
})

test('orders of many customers at the same moment, spread over both instances: all 201, each with its own number', async () => {
  const option = await createOption(payload, { price: 1000 })
  const buyers = await Promise.all(
    Array.from({ length: 16 }, async () => {
      const customer = await createUser(payload, 'customer')
      const controller = await createController(payload, { owner: customer.id })
      return { controller, token: await tokenFor(payload, customer.email) }
    }),
  )
  const results = await Promise.all(
    buyers.map(({ controller, token }, i) => instances[i % 2].api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: option.id }] } })),
  )
  expect(results.map((r) => r.status)).toEqual(Array(16).fill(201))
  const numbers = results.map((r) => r.body.doc.number as string)
  expect(new Set(numbers).size).toBe(16)
  for (const r of results) expect(r.body.doc.bill.paymentReference).toBe(r.body.doc.number)
  expect(await leaseKeys()).toEqual([])
})
