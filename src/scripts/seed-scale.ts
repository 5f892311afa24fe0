/**
 * `npm run seed:scale` — a production-sized SQLite database in minutes, then the request-path queries
 * on it: EXPLAIN QUERY PLAN and timings through `payload.find`, and over HTTP from the production server
 * (API reads, issuance and the customer's portal pages; scripts/scale/http.ts).
 *
 *   npm run seed:scale -- [--customers 100000] [--controllers 100000] [--licenses 1000000] [--no-http]
 *   DATABASE_URI=file:./data/scale/x.db npm run seed:scale -- --plans-only     measure an existing one
 *
 * Payload is booted on the target (DATABASE_URI / DATA_DIR; default a new file under ./data/scale/),
 * so the committed migrations create the schema; rows then go in through the adapter's libsql client
 * in large multi-row INSERTs inside explicit write transactions. SQLite only.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { httpFigures } from './scale/http'
import { runPlanCase, type PlanCase } from './scale/plans'
import { customerEmail, hardwareIdOf, SCALE_PASSWORD, seedScale, serialOf } from './scale/seed'
import { shortCommit } from './commit'

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  if (i < 0) return fallback
  const v = Number(process.argv[i + 1])
  if (!Number.isInteger(v) || v < 1) throw new Error(`--${name} needs a positive whole number`)
  return v
}

const counts = { customers: arg('customers', 100_000), controllers: arg('controllers', 100_000), licenses: arg('licenses', 1_000_000) }
const plansOnly = process.argv.includes('--plans-only')
process.env.DATA_DIR ||= 'data/scale'
process.env.DATABASE_URI ||= `file:${path.join(process.env.DATA_DIR, `scale-${new Date().toISOString().replace(/[:.]/g, '-')}.db`)}`
process.env.LOG_LEVEL ||= 'warn'
process.env.DISABLE_PAYLOAD_HMR = 'true'
const log = (m: string) => process.stderr.write(`[seed:scale] ${m}\n`)

function header(): string {
  const commit = shortCommit()
  const cpus = os.cpus()
  return `# PUMOTIX scale — commit ${commit}, ${cpus.length} × ${cpus[0]?.model ?? '?'}, node ${process.version}, SQLite (WAL); ${counts.customers} customers, ${counts.controllers} controllers, ${counts.licenses} licenses`
}

async function main() {
  console.log(header())
  const { default: config } = await import('@payload-config')
  const { getPayload } = await import('payload')
  const { payloadSecret } = await import('@/config/secrets')
  const payload = await getPayload({ config })
  if (payload.db.name !== 'sqlite') throw new Error('seed:scale writes SQLite tables directly; set DATABASE_URI to a file: URL.')
  log(`database ${process.env.DATABASE_URI}`)

  let who: { staffEmail: string; customerEmail: string; serial: string; hardwareId: string; ownerEmail: string; customerId: number; controllerId: number }
  if (plansOnly) {
    const staff = await payload.find({ collection: 'users', where: { email: { like: 'staff-' } }, limit: 1, depth: 0, overrideAccess: true })
    const mid = Math.floor(counts.controllers * 0.45)
    const c = (await payload.find({ collection: 'controllers', where: { serial: { equals: serialOf(mid) } }, limit: 1, depth: 0, overrideAccess: true })).docs[0]
    const u = (await payload.find({ collection: 'users', where: { email: { equals: customerEmail(0) } }, limit: 1, depth: 0, overrideAccess: true })).docs[0]
    who = { staffEmail: staff.docs[0].email as string, customerEmail: customerEmail(0), serial: serialOf(mid), hardwareId: hardwareIdOf(mid), ownerEmail: c.ownerEmail as string, customerId: u.id as number, controllerId: c.id as number }
  } else {
    const t0 = Date.now()
    who = await seedScale(payload, counts)
    const size = fs.statSync(process.env.DATABASE_URI!.slice('file:'.length)).size
    log(`seeded ${counts.customers} customers, ${counts.controllers} controllers, ${counts.licenses} licenses in ${((Date.now() - t0) / 1000).toFixed(0)} s (${(size / 1e9).toFixed(2)} GB)`)
  }

  const customer = { ...(await payload.findByID({ collection: 'users', id: who.customerId, depth: 0, overrideAccess: true })), collection: 'users' as const }
  const staff = { ...(await payload.find({ collection: 'users', where: { email: { equals: who.staffEmail } }, limit: 1, depth: 0, overrideAccess: true })).docs[0], collection: 'users' as const }
  const cases: PlanCase[] = [
    { name: 'controller by serial', collection: 'controllers', where: { serial: { equals: who.serial } }, limit: 1 },
    { name: 'controller by hardware id', collection: 'controllers', where: { hardwareId: { equals: who.hardwareId } }, limit: 1 },
    { name: 'controllers by ownerEmail', collection: 'controllers', where: { ownerEmail: { equals: who.ownerEmail } } },
    { name: 'user by email (login)', collection: 'users', where: { email: { equals: who.ownerEmail } }, limit: 1 },
    { name: 'controllers by owner (overrideAccess)', collection: 'controllers', where: { owner: { equals: who.customerId } } },
    { name: 'controllers of a customer (as the customer, depth 1)', collection: 'controllers', user: customer, depth: 1 },
    { name: 'last license of a controller (sort -sequence, limit 1)', collection: 'licenses', where: { controller: { equals: who.controllerId } }, sort: '-sequence', limit: 1 },
    { name: 'licenses of a customer (as the customer)', collection: 'licenses', user: customer, sort: '-createdAt' },
    { name: 'orders by customer (overrideAccess)', collection: 'orders', where: { customer: { equals: who.customerId } } },
    { name: 'orders of a customer (as the customer)', collection: 'orders', user: customer, sort: '-createdAt' },
    { name: 'admin list: controllers -createdAt (staff)', collection: 'controllers', user: staff, sort: '-createdAt', depth: 1 },
    { name: 'admin list: orders -createdAt (staff)', collection: 'orders', user: staff, sort: '-createdAt', depth: 1 },
    { name: 'admin list: licenses -createdAt (staff)', collection: 'licenses', user: staff, sort: '-createdAt', depth: 1 },
    { name: 'admin list: users -createdAt (staff)', collection: 'users', user: staff, sort: '-createdAt', depth: 1 },
  ]
  const results = []
  for (const c of cases) {
    const r = await runPlanCase(payload, c)
    results.push(r)
    console.log(`\n## ${r.name}: payload.find p50 ${r.p50.toFixed(1)} ms, p95 ${r.p95.toFixed(1)} ms; its SQL alone p50 ${r.sqlP50.toFixed(1)} ms${r.scans.length ? `; FULL SCAN: ${r.scans.join('; ')}` : ''}`)
    if (r.walks.length) console.log(`   ordered index walk, stops at the LIMIT: ${r.walks.join('; ')}`)
    if (r.counts.length) console.log(`   total counted over a covering index: ${r.counts.join('; ')}`)
    console.log(r.plan.join('\n'))
  }
  await payload.destroy()

  const list = (xs: string[]) => (xs.length ? xs.map((x) => x.replace(/^SCAN \S+ USING (COVERING )?INDEX /, '')).join(', ') : '—')
  console.log('\n| query | payload.find p50 ms | p95 ms | SQL p50 ms | full scan | ordered walk to the LIMIT | total counted on |\n| --- | --- | --- | --- | --- | --- | --- |')
  for (const r of results) console.log(`| ${r.name} | ${r.p50.toFixed(1)} | ${r.p95.toFixed(1)} | ${r.sqlP50.toFixed(1)} | ${r.scans.length ? r.scans.join('; ') : 'no'} | ${list(r.walks)} | ${list(r.counts)} |`)

  if (!process.argv.includes('--no-http')) {
    const env = { DATA_DIR: process.env.DATA_DIR!, DATABASE_URI: process.env.DATABASE_URI!, PAYLOAD_SECRET: payloadSecret() }
    const figures = await httpFigures(env, { staffEmail: who.staffEmail, customerEmail: who.customerEmail, password: SCALE_PASSWORD, serial: who.serial })
    console.log('\n| HTTP request (sequential, 60 runs) | p50 ms | p95 ms | goal p95 ≤ 150 ms | statuses |\n| --- | --- | --- | --- | --- |')
    for (const f of figures) console.log(`| ${f.name} | ${f.p50.toFixed(1)} | ${f.p95.toFixed(1)} | ${f.p95 <= 150 ? 'met' : 'MISSED'} | ${f.statuses} |`)
  }
  process.exit(0)
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
