/**
 * `npm run soak` — many virtual customers against the real server for minutes, optionally killing it
 * mid-run, then the licensing invariants checked in the database.
 *
 *   npm run soak -- [--customers 200] [--minutes 5] [--kill 0] [--think-ms 200] [--processes 1] [--keep]
 *
 * The server is a child process (`src/server.ts`, API only, NODE_ENV=production) on a fresh SQLite
 * file in a temp DATA_DIR, with the rate limits raised (RATE_LIMIT_*=1000000) so they do not shape the
 * load, and WEB_CONCURRENCY=--processes (default 1, the product's default). `--kill N` sends SIGKILL (to the primary and
 * every worker at once) N times at random moments and starts the server again on the same
 * database and port (its start-up runs repairUnsyncedOrders). Requests that got no answer are not
 * acknowledged and are left out of the checks. Exit 1 on any 5xx or broken invariant.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { sampleRss, startServerChild, freePort, type ServerChild } from './bench/server-process'
import { RouteStats } from './soak/client'
import { newLedger, runCustomer } from './soak/customer'
import { checkInvariants } from './soak/invariants'
import { SOAK_PASSWORD, seedSoak } from './soak/setup'
import { shortCommit } from './commit'

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`)
  if (i < 0) return fallback
  const v = Number(process.argv[i + 1])
  if (!Number.isFinite(v) || v < 0) throw new Error(`--${name} needs a non-negative number`)
  return v
}

const customers = arg('customers', 200)
const minutes = arg('minutes', 5)
const kills = arg('kill', 0)
const thinkMs = arg('think-ms', 200)
const processes = arg('processes', 1)
const keep = process.argv.includes('--keep')
const log = (m: string) => process.stderr.write(`[soak] ${m}\n`)

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-soak-'))
const webhookSecret = 'soak-webhook-secret-0123456789'
const env: Record<string, string> = {
  DATA_DIR: dataDir,
  DATABASE_URI: `file:${path.join(dataDir, 'soak.db')}`,
  PAYLOAD_SECRET: 'soak-secret-0123456789abcdef0123456789abcdef',
  PAYMENT_WEBHOOK_SECRET: webhookSecret,
  LOG_LEVEL: 'warn',
  DISABLE_PAYLOAD_HMR: 'true',
  NEXT_TELEMETRY_DISABLED: '1',
  RATE_LIMIT_LOGIN: '1000000',
  RATE_LIMIT_REGISTER: '1000000',
  RATE_LIMIT_FORGOT_PASSWORD: '1000000',
  RATE_LIMIT_CLAIM: '1000000',
  WEB_CONCURRENCY: String(processes),
}
Object.assign(process.env, env)

async function payloadOn(key: string, disableOnInit = false) {
  const { default: config } = await import('@payload-config')
  const { getPayload } = await import('payload')
  return getPayload({ config, key, disableOnInit } as Parameters<typeof getPayload>[0])
}

async function main() {
  const t0 = Date.now()
  const setup = await payloadOn('soak-setup')
  const data = await seedSoak(setup, { customers, controllersPerCustomer: 3, options: 20 }, (done, total) => {
    if (done % 20 === 0 || done === total) process.stderr.write(`\r[soak] seeding customers ${done}/${total}`)
  })
  process.stderr.write('\n')
  await setup.destroy()
  log(`seeded ${customers} customers, ${customers * 3} factory controllers, 20 options in ${((Date.now() - t0) / 1000).toFixed(1)} s`)

  const port = await freePort()
  const serverEnv = { ...env, API_ONLY: '1', NODE_ENV: 'production' }
  let server: ServerChild = await startServerChild(serverEnv, { port })
  let rss = sampleRss(server.pid)
  let rssPeak = 0
  log(`server pid ${server.pid} (${processes} process(es)) on ${server.url}; ${customers} customers for ${minutes} min, ${kills} kill(s)`)

  const stats = new RouteStats()
  const ledger = newLedger()
  const durationMs = minutes * 60_000
  const start = Date.now()
  const deadline = start + durationMs
  const outages: number[] = []
  let unexpectedExit = ''
  const watch = (s: ServerChild) => void s.exited.then((code) => {
    if (s === server && !stopping) unexpectedExit = `server exited by itself (code ${code}):\n${s.output().slice(-3000)}`
  })
  let stopping = false
  watch(server)

  const killAt = Array.from({ length: kills }, () => durationMs * (0.15 + Math.random() * 0.7)).sort((a, b) => a - b)
  const chaos = (async () => {
    for (const at of killAt) {
      await new Promise((r) => setTimeout(r, Math.max(0, start + at - Date.now())))
      rssPeak = Math.max(rssPeak, rss.stop().rss)
      const old = server
      stopping = true
      await old.kill()
      const down = Date.now()
      log(`SIGKILL at ${((down - start) / 1000).toFixed(0)} s; restarting on the same database`)
      server = await startServerChild(serverEnv, { port })
      stopping = false
      watch(server)
      rss = sampleRss(server.pid)
      outages.push(Date.now() - down)
      log(`back after ${((Date.now() - down) / 1000).toFixed(1)} s (pid ${server.pid})`)
    }
  })()

  const ticker = setInterval(() => log(`${((Date.now() - start) / 1000).toFixed(0)} s: ${stats.total()} requests, ${stats.serverErrors()} 5xx, ${ledger.licenses.length} licenses, ${ledger.payments.length} payments`), 15_000)
  const ctx = { baseUrl: `http://127.0.0.1:${port}`, stats, ledger, options: data.options, webhookSecret, deadline, thinkMs, password: SOAK_PASSWORD }
  await Promise.all(data.customers.map((c) => runCustomer(c, ctx)))
  clearInterval(ticker)
  await chaos
  const elapsed = (Date.now() - start) / 1000
  rssPeak = Math.max(rssPeak, rss.stop().rss)
  stopping = true
  await server.stop()

  const check = await payloadOn('soak-check', true)
  const results = await checkInvariants(check, ledger)
  await check.destroy()
  const failed = report({ stats, results, elapsed, outages, rssPeak, unexpectedExit })
  if (!keep) fs.rmSync(dataDir, { recursive: true, force: true })
  else log(`database kept in ${dataDir}`)
  process.exit(failed ? 1 : 0)
}

function report(r: { stats: RouteStats; results: Awaited<ReturnType<typeof checkInvariants>>; elapsed: number; outages: number[]; rssPeak: number; unexpectedExit: string }): boolean {
  const commit = shortCommit()
  console.log(`# PUMOTIX soak — commit ${commit}, ${os.cpus().length} CPUs, node ${process.version}, SQLite (WAL)`)
  console.log(`${customers} customers, ${minutes} min (ran ${r.elapsed.toFixed(0)} s), think time ~${thinkMs} ms, ${processes} server process(es), ${kills} kill(s)${r.outages.length ? `, outages ${r.outages.map((o) => (o / 1000).toFixed(1) + ' s').join(', ')}` : ''}, server RSS peak ${r.rssPeak.toFixed(0)} MB (summed over its processes)`)
  console.log(`${r.stats.total()} requests, ${(r.stats.total() / r.elapsed).toFixed(1)}/s\n`)
  console.log('| route | results | p50 ms | p95 ms | p99 ms |\n| --- | --- | --- | --- | --- |')
  for (const x of r.stats.rows()) console.log(`| ${x.route} | ${x.results} | ${x.p50} | ${x.p95} | ${x.p99} |`)
  console.log('\n| invariant | checked | result |\n| --- | --- | --- |')
  let broken = 0
  for (const x of r.results) {
    const info = x.name.startsWith('info:')
    if (!info && x.violations.length) broken += 1
    console.log(`| ${x.name} | ${x.checked} | ${x.violations.length === 0 ? 'holds' : info ? `${x.violations.length} (not a failure)` : `BROKEN (${x.violations.length})`} |`)
  }
  for (const x of r.results) for (const v of x.violations.slice(0, 10)) console.log(`  - ${v}`)
  const fiveXX = r.stats.serverErrors()
  if (fiveXX) console.log(`\n${fiveXX} answers were 5xx:\n${r.stats.serverErrorSamples.join('\n')}`)
  if (r.stats.clientErrorSamples.size) console.log(`\n4xx answers (the first of each kind):\n${[...r.stats.clientErrorSamples].map(([k, v]) => `${k}: ${v}`).join('\n')}`)
  if (r.unexpectedExit) console.log(`\n${r.unexpectedExit}`)
  const failed = fiveXX > 0 || broken > 0 || Boolean(r.unexpectedExit)
  console.log(`\n${failed ? 'FAILED' : 'passed'}: ${fiveXX} × 5xx, ${broken} broken invariant(s)`)
  return failed
}

main().catch((err) => {
  console.error(err)
  process.exit(1)
})
