/**
 * npm run bench:mail [-- <subscribers>] — the news fan-out against a local SMTP sink: creates N
 * (default 10 000) verified, subscribed customers in a temporary SQLite database, publishes one news
 * item and runs the job runner until every subscriber got it. Prints mails per second, peak memory
 * (RSS) and duplicates (must be 0), with the CPU count and git commit. Nothing leaves this machine.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { SMTPServer } from 'smtp-server'
import { shortCommit } from './commit'

const total = Number(process.argv[2] ?? process.env.BENCH_SUBSCRIBERS ?? 10_000)
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-bench-mail-'))

// An SMTP sink that counts deliveries per recipient (envelope only; the body is read and dropped).
const perRecipient = new Map<string, number>()
let received = 0
const sink = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  maxClients: 50,
  disableReverseLookup: true,
  onData(stream, session, callback) {
    stream.on('data', () => {})
    stream.on('end', () => {
      for (const rcpt of session.envelope.rcptTo) perRecipient.set(rcpt.address, (perRecipient.get(rcpt.address) ?? 0) + 1)
      received += 1
      callback()
    })
  },
})
await new Promise<void>((resolve) => sink.listen(0, '127.0.0.1', () => resolve()))
const smtpPort = (sink.server.address() as { port: number }).port

Object.assign(process.env, {
  DATA_DIR: dataDir,
  DATABASE_URI: `file:${path.join(dataDir, 'bench.db')}`,
  DB_PUSH: '1',
  PAYLOAD_SECRET: 'bench-secret-0123456789abcdef0123456789abcdef',
  SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
  LOG_LEVEL: 'warn',
  DISABLE_PAYLOAD_HMR: 'true',
})

let peakRss = process.memoryUsage().rss
const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50)

const { createLocalReq, getPayload } = await import('payload')
const { default: config } = await import('@payload-config')
const { startJobRunner } = await import('@/jobs/runner')
const payload = await getPayload({ config })

// Subscribers, fast: straight through the adapter, a thousand per transaction.
const t0 = performance.now()
for (let start = 0; start < total; start += 1000) {
  const transactionID = await payload.db.beginTransaction()
  const req = await createLocalReq({ req: { transactionID: transactionID ?? undefined } }, payload)
  for (let i = start; i < Math.min(total, start + 1000); i++) {
    const now = new Date().toISOString()
    await payload.db.create({
      collection: 'users',
      req,
      data: { email: `sub${i}@bench.test`, name: `Subscriber ${i}`, phone: '+49301234567', language: i % 3 ? 'en' : 'ru', newsSubscribed: true, _verified: true, roles: ['customer'], createdAt: now, updatedAt: now },
    })
  }
  if (transactionID) await payload.db.commitTransaction(transactionID)
}
const createSeconds = (performance.now() - t0) / 1000

const news = await payload.create({
  collection: 'news',
  overrideAccess: true,
  data: { title: 'Benchmark news', slug: `benchmark-news-${Date.now()}`, excerpt: 'Sent to every subscriber once.', category: 'news', _status: 'published' },
})

const t1 = performance.now()
const stop = startJobRunner(payload, { intervalMs: 20 })
while (received < total) {
  await new Promise((r) => setTimeout(r, 100))
  if (performance.now() - t1 > 15 * 60_000) break
}
const fanoutSeconds = (performance.now() - t1) / 1000
await new Promise((r) => setTimeout(r, 500)) // anything extra (a duplicate) would arrive now
await stop()
clearInterval(sampler)

const duplicates = [...perRecipient.values()].reduce((sum, n) => sum + (n - 1), 0)
const missing = total - perRecipient.size
const sent = await payload.count({ collection: 'news-deliveries', where: { news: { equals: news.id }, status: { equals: 'sent' } }, overrideAccess: true })
const commit = shortCommit()
const maxRss = Math.max(peakRss, process.resourceUsage().maxRSS * 1024)

console.log(`news fan-out benchmark (${new Date().toISOString()})`)
console.log(`  commit ${commit}, node ${process.version}, ${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ''}, SQLite, SMTP sink on localhost`)
console.log(`  settings: batch ${process.env.NEWS_FANOUT_BATCH ?? 200}, concurrency ${process.env.NEWS_FANOUT_CONCURRENCY ?? 10}, SMTP connections ${process.env.SMTP_MAX_CONNECTIONS ?? 10}`)
console.log(`  subscribers created: ${total} in ${createSeconds.toFixed(1)} s`)
console.log(`  mails delivered: ${received} in ${fanoutSeconds.toFixed(1)} s = ${(received / fanoutSeconds).toFixed(0)} mails/s`)
console.log(`  delivery records "sent": ${sent.totalDocs}`)
console.log(`  duplicates: ${duplicates}, missing: ${missing}`)
console.log(`  peak RSS: ${(maxRss / 1024 / 1024).toFixed(0)} MB`)

await payload.destroy()
await new Promise<void>((resolve) => sink.close(() => resolve()))
fs.rmSync(dataDir, { recursive: true, force: true })
process.exit(duplicates === 0 && missing === 0 ? 0 : 1)
