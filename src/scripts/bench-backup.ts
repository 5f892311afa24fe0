/**
 * `npm run bench:backup [-- --db FILE] [--seconds 10] [--connections 2] [--keep]`: a backup of a big
 * SQLite database while the server answers requests. Serves the database (default: the newest
 * data/scale/*.db that `npm run seed:scale` wrote) with the real server, measures a few API routes with
 * autocannon for --seconds, then measures them again while `npm run backup` runs beside the server, and
 * prints the backup's duration and size and the requests' p50/p95/p99 without and during it
 * (docs/performance.md, "Backup"). The archive is deleted afterwards unless --keep.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'

import { SCALE_PASSWORD, customerEmail } from './scale/seed'
import { startServerChild } from './bench/server-process'
import { percentile } from './bench/timing'
import { shortCommit } from './commit'

const { values } = parseArgs({ options: { db: { type: 'string' }, seconds: { type: 'string', default: '10' }, connections: { type: 'string', default: '2' }, keep: { type: 'boolean' } } })
const seconds = Number(values.seconds)
const connections = Number(values.connections)
if (!(seconds > 0) || !Number.isInteger(connections) || connections < 1) throw new Error('--seconds needs a positive number and --connections a positive whole number')

function newestScaleDb(): string {
  const dir = path.resolve('data/scale')
  const dbs = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => /^scale-.*\.db$/.test(n)) : []
  if (!dbs.length) throw new Error('No data/scale/scale-*.db: run `npm run seed:scale` first, or give --db FILE.')
  return path.join(dir, dbs.sort().at(-1)!)
}

const db = path.resolve(values.db ?? newestScaleDb())
const dataDir = path.dirname(db)
const secretFile = path.join(dataDir, 'payload-secret')
if (!fs.existsSync(secretFile)) throw new Error(`${secretFile} is missing: the database's PAYLOAD_SECRET is needed (seed:scale writes it there).`)
const env = {
  DATA_DIR: dataDir,
  DATABASE_URI: `file:${db}`,
  PAYLOAD_SECRET: fs.readFileSync(secretFile, 'utf8').trim(),
  API_ONLY: '1',
  JOBS_IN_PROCESS: 'false',
  LOG_LEVEL: 'warn',
  RATE_LIMIT_LOGIN: '1000',
}
const log = (m: string) => process.stderr.write(`[bench:backup] ${m}\n`)

interface RouteFigures {
  name: string
  completed: number
  perSecond: number
  p50: number
  p95: number
  p99: number
  errors: number
}

/** Every route under load at once (its own autocannon instance each) until `until` resolves. */
async function loadRoutes(url: string, routes: { name: string; path: string; headers?: Record<string, string> }[], until: Promise<unknown>): Promise<RouteFigures[]> {
  const started = Date.now()
  const runs = routes.map((r) => {
    const times: number[] = []
    let errors = 0
    const instance = autocannon({ url, connections, duration: 3600, timeout: 30, requests: [{ method: 'GET', path: r.path, headers: r.headers }] })
    instance.on('response', (_c: unknown, status: number, _b: number, ms: number) => {
      times.push(ms)
      if (status >= 400) errors += 1
    })
    return { r, times, instance, errorsOf: () => errors }
  })
  await until
  for (const run of runs) run.instance.stop()
  const results = await Promise.all(runs.map((run) => run.instance))
  const elapsed = (Date.now() - started) / 1000
  const figures = (name: string, times: number[], errors: number): RouteFigures => {
    const sorted = [...times].sort((a, b) => a - b)
    return { name, completed: sorted.length, perSecond: sorted.length / elapsed, p50: percentile(sorted, 50), p95: percentile(sorted, 95), p99: percentile(sorted, 99), errors }
  }
  const all = runs.map((run, i) => figures(run.r.name, run.times, run.errorsOf() + results[i].errors + results[i].timeouts))
  all.push(figures('all routes', runs.flatMap((run) => run.times), all.reduce((n, f) => n + f.errors, 0)))
  return all
}

function runBackup(out: string): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now()
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=production', '--import', 'tsx', 'src/scripts/backup.ts', '--out', out], { stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d))
    child.stderr.on('data', (d: Buffer) => (stderr += d))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr, ms: Date.now() - started }))
  })
}

const row = (f: RouteFigures) => `| ${f.name} | ${f.completed} | ${f.perSecond.toFixed(1)} | ${f.p50.toFixed(1)} | **${f.p95.toFixed(1)}** | ${f.p99.toFixed(1)} | ${f.errors} |`

async function main() {
  // The backup command inherits the database's settings (the server child gets them explicitly).
  Object.assign(process.env, env)
  const cpus = os.cpus()
  console.log(`# PUMOTIX bench:backup — commit ${shortCommit()}, ${cpus.length} × ${cpus[0]?.model ?? '?'}, node ${process.version}; ${path.relative(process.cwd(), db)} (${(fs.statSync(db).size / 1e9).toFixed(2)} GB); ${connections} connection(s) per route; load average before ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`)
  log('starting the server on the database …')
  const server = await startServerChild(env)
  try {
    const login = await fetch(`${server.url}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: customerEmail(0), password: SCALE_PASSWORD }) })
    if (login.status !== 200) throw new Error(`login of ${customerEmail(0)} failed: ${login.status} ${await login.text()}`)
    const auth = { authorization: `JWT ${((await login.json()) as { token: string }).token}` }
    const routes = [
      { name: 'GET /api/license-keys', path: '/api/license-keys' },
      { name: "GET /api/controllers (a customer's, depth 1)", path: '/api/controllers?depth=1', headers: auth },
      { name: "GET /api/licenses (a customer's newest 10)", path: '/api/licenses?limit=10&sort=-createdAt&depth=0', headers: auth },
    ]
    log('warming up (3 s) …')
    await loadRoutes(server.url, routes, new Promise((r) => setTimeout(r, 3000)))
    log(`baseline: ${seconds} s without a backup …`)
    const baseline = await loadRoutes(server.url, routes, new Promise((r) => setTimeout(r, seconds * 1000)))

    const out = path.join(os.tmpdir(), `pumotix-bench-backup-${process.pid}.tar.gz`)
    log(`backup to ${out} while the routes are under load …`)
    const backup = runBackup(out)
    const during = await loadRoutes(server.url, routes, backup)
    const result = await backup
    if (result.code !== 0) throw new Error(`the backup failed (exit ${result.code}):\n${result.stderr}`)
    const size = fs.statSync(out).size
    const took = /took ([\d.]+) s \(database snapshot ([\d.]+) s\)/.exec(result.stdout)

    console.log(`\nbackup: ${(result.ms / 1000).toFixed(1)} s for the command (${took ? `${took[1]} s backing up, of which ${took[2]} s the VACUUM INTO snapshot; the rest is starting node and loading the config` : 'see its output'}), archive ${(size / 1e6).toFixed(1)} MB (${(fs.statSync(db).size / size).toFixed(1)}× smaller than the database file)`)
    console.log('\n| route | requests | requests/s | p50 ms | p95 ms | p99 ms | errors |\n| --- | --- | --- | --- | --- | --- | --- |')
    console.log(`| *without a backup (${seconds} s)* | | | | | | |`)
    for (const f of baseline) console.log(row(f))
    console.log(`| *during the backup (${(result.ms / 1000).toFixed(1)} s)* | | | | | | |`)
    for (const f of during) console.log(row(f))
    console.log(`\nload average after: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}\n\n${result.stdout.trim()}`)
    if (values.keep) log(`kept ${out}`)
    else fs.rmSync(out, { force: true })
  } finally {
    await server.stop()
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
