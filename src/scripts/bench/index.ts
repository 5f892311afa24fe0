/**
 * `npm run bench` — throughput and latency of the real server under load from this (second) process.
 *
 *   npm run bench -- [--customers 20] [--per-customer 10] [--seconds 15] [--connections 8] [--processes 1] [--login-samples 20]
 *   BENCH_STRICT=1 npm run bench      exit 1 when a goal is missed
 *   npm run bench -- --pages-only     only the portal pages;  --no-pages: only the API
 *
 * Seeds a fresh SQLite database (the committed migrations, as in production), starts the production
 * server (`src/server.ts` with npm start's node flags, NODE_ENV=production, the Next.js build in
 * NEXT_DIST_DIR, default .next-bench, built first when the sources changed; see pages.ts)
 * and measures: license issuance end to end (POST /api/controllers/:id/apply across many
 * controllers), once for format 1 (PMX1 controllers) and once for format 2 (PMX2 controllers, certificate
 * and revocation list in every file; the bench makes its own root key), the floors (bare Ed25519 signatures; a bare REST create: POST /api/options as staff),
 * login timing for known and unknown e-mails, the server-rendered portal pages, and the server's peak
 * RSS over all of it. --no-pages starts an API-only server instead (no build; /api is answered by the
 * same handler, src/server/api-handler.ts).
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import crypto from 'node:crypto'
import { generateRootKey, readRootPrivateKey } from '@/licensing'
import { signingFloors } from './floors'
import { combine, load, type LoadFigures } from './load'
import { login } from './login'
import { ensurePagesBuild, pageFigures, startFullServer } from './pages'
import { seedBench } from './seed-bench'
import { type MemoryPeak, sampleRss, startServerChild } from './server-process'
import { shortCommit } from '../commit'

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  if (i < 0) return fallback
  const v = Number(process.argv[i + 1])
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} needs a positive whole number`)
  return v
}

const pagesOnly = process.argv.includes('--pages-only')
const pages = pagesOnly || !process.argv.includes('--no-pages')
const customers = arg('customers', pagesOnly ? 1 : 20)
const perCustomer = arg('per-customer', pagesOnly ? 1 : 10)
const seconds = arg('seconds', 15)
const connections = arg('connections', 8)
// Wrong-password logins timed for a known and for an unknown e-mail, alternately (--login-samples of each).
const loginSamples = arg('login-samples', 20)
// Server processes (WEB_CONCURRENCY): 1, the product's default; --processes 2 shows the cluster (docs/deploy.md).
const processes = arg('processes', 1)

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-bench-'))
// A root for this run only: its public key is configured like LICENSE_ROOT_KEYS in production, and the seed certifies the signing key with it.
const rootPassphrase = crypto.randomBytes(18).toString('base64url')
const rootPair = generateRootKey('ed25519', rootPassphrase)
const root = readRootPrivateKey(rootPair.encryptedPrivateKeyPem, rootPassphrase)
const env: Record<string, string> = {
  LICENSE_ROOT_KEYS: rootPair.publicKeyPem,
  DATA_DIR: dataDir,
  DATABASE_URI: `file:${path.join(dataDir, 'bench.db')}`,
  PAYLOAD_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
  LOG_LEVEL: 'warn',
  DISABLE_PAYLOAD_HMR: 'true',
  RATE_LIMIT_LOGIN: '1000000',
  // Payload's lockout still counts every failure (the same work as in production) but never locks a bench account.
  RATE_LIMIT_LOGIN_ACCOUNT: '1000000',
  NEXT_TELEMETRY_DISABLED: '1',
  WEB_CONCURRENCY: String(processes),
}

const log = (m: string) => process.stderr.write(`[bench] ${m}\n`)
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function seed() {
  Object.assign(process.env, env)
  const { default: config } = await import('@payload-config')
  const { getPayload } = await import('payload')
  const payload = await getPayload({ config })
  const t0 = Date.now()
  const data = await seedBench(payload, { customers, perCustomer, pages, root }, (done, total) => {
    if (done % 20 === 0 || done === total) process.stderr.write(`\r[bench] seeding controllers ${done}/${total}`)
  })
  process.stderr.write(`\n`)
  // The seed's own mails (order-placed, each with a bill PDF) are not what is measured: drop them so
  // the server's job runner does not render them during the load runs.
  await payload.delete({ collection: 'payload-jobs', where: { completedAt: { exists: false } }, overrideAccess: true })
  log(`seeded ${data.controllers.length} controllers with paid options in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
  await payload.destroy()
  return data
}

async function loginTiming(url: string, known: string[]) {
  const time = async (email: string) => {
    const t0 = performance.now()
    await fetch(`${url}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email, password: 'wrong-password' }) })
    return performance.now() - t0
  }
  const k: number[] = []
  const u: number[] = []
  for (let i = 0; i < loginSamples; i++) {
    k.push(await time(known[i % known.length]))
    u.push(await time(`nobody-${i}@example.test`))
  }
  return { known: median(k), unknown: median(u) }
}

async function main() {
  if (pages) ensurePagesBuild(env) // before seeding: `next build` wants both cores
  const data = await seed()
  if (pagesOnly) {
    const server = await startFullServer(env)
    const pageRows = await pageFigures(server, data.pageCustomer, { seconds }).finally(() => server.stop())
    report({ pageRows })
    fs.rmSync(dataDir, { recursive: true, force: true })
    return
  }
  // With the pages (the default), the whole product as `npm start` runs it: the API loads and then the
  // pages on one production server. --no-pages: an API-only server (no Next.js build needed), which
  // answers /api with the same handler.
  const server = pages ? await startFullServer(env) : await startServerChild({ ...env, API_ONLY: '1', NODE_ENV: 'production' })
  log(`server pid ${server.pid} on ${server.url} (${pages ? 'full server: pages and API' : 'API only'})`)
  const rss = sampleRss(server.pid)
  const floors = signingFloors()
  const manager = await login(server.url, data.manager.email)
  const tokens = new Map<string, string>()
  for (const c of data.customers) tokens.set(c.email, (await login(server.url, c.email)).token)

  let n = 0
  const create = await load('REST create (POST /api/options as staff)', server.url, {
    method: 'POST',
    path: '/api/options',
    setupRequest: (req) => ({
      ...req,
      headers: { 'content-type': 'application/json', authorization: `JWT ${manager.token}` },
      body: JSON.stringify({ code: `BENCH_${process.pid}_${++n}`, name: 'Bench option', price: 100, currency: 'EUR', modelIds: [3], onSale: false }),
    }),
  }, { connections, seconds })
  log(`create: ${create.perSecond.toFixed(1)}/s p95 ${create.p95} ms ${JSON.stringify(create.statuses)}; RSS peak so far ${rss.peak().rss.toFixed(0)} MB`)

  const issuance = async (format: 1 | 2, runSeconds: number) => {
    const controllers = data.controllers.filter((c) => c.format === format)
    let k = 0
    const figures = await load(`license issuance, format ${format} (POST /api/controllers/:id/apply)`, server.url, {
      method: 'POST',
      setupRequest: (req) => {
        // Each controller in turn; a controller's next apply switches AXIS4 the other way, so every
        // license changes its option states (as a customer's Apply does).
        const round = Math.floor(k / controllers.length)
        const c = controllers[k++ % controllers.length]
        return { ...req, path: `/api/controllers/${c.id}/apply`, headers: { 'content-type': 'application/json', authorization: `JWT ${tokens.get(c.ownerEmail)}` }, body: JSON.stringify({ options: round % 2 ? ['THC'] : ['THC', 'AXIS4'] }) }
      },
    }, { connections, seconds: runSeconds })
    log(`apply, format ${format}: ${figures.perSecond.toFixed(1)}/s p95 ${figures.p95} ms ${JSON.stringify(figures.statuses)}; RSS peak so far ${rss.peak().rss.toFixed(0)} MB`)
    return figures
  }
  // Format 1, 2, 2, 1, half as long each: the order does not favour either (the database grows with every license).
  const half = Math.max(1, Math.round(seconds / 2))
  const first1 = await issuance(1, half)
  const first2 = await issuance(2, half)
  const applyV2 = combine(first2, await issuance(2, half))
  const apply = combine(first1, await issuance(1, half))

  const timing = await loginTiming(server.url, data.customers.map((c) => c.email))
  const pageRows = pages ? await pageFigures(server, data.pageCustomer, { seconds }) : []
  const peak = rss.stop()
  await server.stop()

  report({ floors, create, apply, applyV2, timing, peak, pageRows })
  fs.rmSync(dataDir, { recursive: true, force: true })
}

type ApiFigures = { floors: ReturnType<typeof signingFloors>; create: LoadFigures; apply: LoadFigures; applyV2: LoadFigures; timing: { known: number; unknown: number }; peak: MemoryPeak }

function report(r: Partial<ApiFigures> & { pageRows: LoadFigures[] }) {
  const commit = shortCommit()
  const cpus = os.cpus()
  console.log(`# PUMOTIX benchmark — commit ${commit}, ${cpus.length} × ${cpus[0]?.model ?? '?'}, node ${process.version}, SQLite (WAL), ${processes} server process(es), ${connections} connections, ${seconds} s per run`)
  console.log('Figures on a shared, busy machine are noisy: compare runs on the same machine only.\n')
  const goals: Array<[string, boolean]> = []
  const rows: string[][] = [['figure', 'per second', 'p50 ms', 'p95 ms', 'p99 ms', 'goal', 'met']]
  for (const f of r.floors ?? []) rows.push([f.name, f.perSecond.toFixed(0), f.p50.toFixed(3), f.p95.toFixed(3), '', 'floor', ''])
  const row = (f: LoadFigures, goal: string, met: boolean | null) => {
    rows.push([`${f.name} [${Object.entries(f.statuses).map(([s, c]) => `${s}×${c}`).join(' ')}${f.errors ? ` errors×${f.errors}` : ''}]`, f.perSecond.toFixed(1), f.p50.toFixed(1), f.p95.toFixed(1), f.p99.toFixed(1), goal, met === null ? '' : met ? 'yes' : 'NO'])
    if (met !== null) goals.push([f.name, met])
  }
  if (r.create && r.apply) {
    row(r.create, 'floor', null)
    const applyOk = (r.apply.statuses['201'] ?? 0) === r.apply.completed
    row(r.apply, 'p95 ≤ 50 ms, ≥ ½ create/s, all 201', r.apply.p95 <= 50 && r.apply.perSecond >= r.create.perSecond / 2 && applyOk)
  }
  if (r.apply && r.applyV2) {
    const v2Ok = (r.applyV2.statuses['201'] ?? 0) === r.applyV2.completed
    row(r.applyV2, 'within 10 % of format 1 (per second), all 201', r.applyV2.perSecond >= r.apply.perSecond * 0.9 && v2Ok)
  }
  for (const p of r.pageRows) row(p, 'p95 ≤ 150 ms (warm)', p.p95 <= 150 && (p.statuses['200'] ?? 0) === p.completed)
  const widths = rows[0].map((_, i) => Math.max(...rows.map((x) => x[i].length)))
  for (const [i, x] of rows.entries()) {
    console.log('| ' + x.map((c, j) => c.padEnd(widths[j])).join(' | ') + ' |')
    if (i === 0) console.log('| ' + widths.map((w) => '-'.repeat(w)).join(' | ') + ' |')
  }
  if (r.create && r.apply && r.timing && r.peak !== undefined) {
    console.log(`\napply vs create throughput: ${((r.apply.perSecond / r.create.perSecond) * 100).toFixed(0)} %`)
    if (r.applyV2) console.log(`format 2 vs format 1 issuance: ${((r.applyV2.perSecond / r.apply.perSecond) * 100).toFixed(1)} % of the throughput, p95 ${r.applyV2.p95.toFixed(1)} vs ${r.apply.p95.toFixed(1)} ms`)
    console.log(`login, wrong password, median of ${loginSamples}: known e-mail ${r.timing.known.toFixed(1)} ms, unknown e-mail ${r.timing.unknown.toFixed(1)} ms (ratio ${(Math.max(r.timing.known, r.timing.unknown) / Math.min(r.timing.known, r.timing.unknown)).toFixed(2)})`)
    const m = r.peak
    console.log(`server memory peak over the runs (${r.pageRows.length ? 'API and pages, full server' : 'API, API-only server'}): RSS ${m.rss.toFixed(0)} MB summed over ${m.processes} process(es) (PSS ${m.pss.toFixed(0)} MB; largest process ${m.largest.toFixed(0)} MB)`)
  }
  if (r.pageRows.length) console.log(`portal pages: production build in ${process.env.NEXT_DIST_DIR}, ${r.pageRows[0].connections} connections, after a 3 s warm-up per page`)
  const missed = goals.filter(([, ok]) => !ok)
  if (missed.length) {
    console.log(`\ngoals missed: ${missed.map(([n]) => n).join('; ')}`)
    if (process.env.BENCH_STRICT === '1') process.exitCode = 1
  }
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
