/**
 * Reminders exactly once across a killed worker: the job worker (`src/scripts/worker.ts`) runs as a
 * child process on the test server's SQLite file; it is SIGKILLed in the middle of a sweep that has a
 * reminder for each of 30 controllers, started again, and a real SMTP capture must then hold each
 * reminder exactly once. The test server (in this process, jobs off) serves the API the customers use.
 *
 * To kill it mid-sweep whatever the machine's load, the test takes the database's write lock as soon as
 * the first reminder is committed: the worker's next write waits for it (its busy timeout), so the
 * kill finds the sweep unfinished; the lock is let go after the kill.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import type { Readable } from 'node:stream'
import { createClient } from '@libsql/client'
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { sqliteClient } from '@/db/raw'
import { SERVER_NODE_ARGS } from '@/server/node-args'
import { recipientOf } from '../support/mail-headers'
import { startTestServer, type TestServer } from '../support/server'
import { startSmtpCapture, type SmtpCapture } from '../support/smtp'
import { claimedController, customer, DAY, datedOption, startTrial, waitFor } from './support'

const CONTROLLERS = 30

interface Worker {
  child: ChildProcessByStdio<null, Readable, Readable>
  output: () => string
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
}

let smtp: SmtpCapture
let server: TestServer
const workers: Worker[] = []

function startWorker(): Worker {
  let out = ''
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, 'src/scripts/worker.ts'], {
    // Only what the worker needs (not jest's NODE_OPTIONS); NODE_ENV as this process has it (not production).
    env: {
      NODE_ENV: process.env.NODE_ENV,
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      DISABLE_PAYLOAD_HMR: 'true',
      LOG_LEVEL: 'info',
      DATA_DIR: process.env.DATA_DIR,
      DATABASE_URI: process.env.DATABASE_URI,
      PAYLOAD_SECRET: process.env.PAYLOAD_SECRET,
      SERVER_URL: process.env.SERVER_URL,
      SMTP_URL: smtp.url,
      JOBS_INTERVAL_MS: '50',
      // A job left "processing" by the killed worker is handed back after 1.5 s instead of 10 minutes.
      JOBS_STALE_MS: '1500',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (d: Buffer) => (out += d))
  child.stderr.on('data', (d: Buffer) => (out += d))
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('close', (code, signal) => resolve({ code, signal })))
  const worker = { child, output: () => out, exited }
  workers.push(worker)
  return worker
}

const sql = () => sqliteClient(server.payload.db)
const count = async (query: string) => Number((await sql().execute(query)).rows[0].n)
const markers = () => count(`select count(*) as n from controllers_entitlements where reminded7 is not null`)
const queuedMails = () => count(`select count(*) as n from payload_jobs where task_slug = 'sendEmail'`)

beforeAll(async () => {
  smtp = await startSmtpCapture()
  // This process serves the API only; the worker child runs every job.
  server = await startTestServer({ SMTP_URL: smtp.url, JOBS_IN_PROCESS: 'false' })
})
afterAll(async () => {
  for (const w of workers) if (w.child.exitCode === null && w.child.signalCode === null) w.child.kill('SIGKILL')
  await server?.close()
  await smtp?.stop()
})

test('a worker killed in the middle of a sweep: after its restart every reminder has arrived exactly once', async () => {
  const { payload, api } = server
  const option = await datedOption(payload)
  const owners = [await customer(payload, api, 'en'), await customer(payload, api, 'ru')]
  const serials = new Map<string, string>() // serial → owner's e-mail
  let latestEnd = 0
  for (let i = 0; i < CONTROLLERS; i++) {
    const owner = owners[i % 2]
    const controller = await claimedController(payload, api, owner.token)
    latestEnd = Math.max(latestEnd, Date.parse(await startTrial(api, owner.token, controller.id, option.code)))
    serials.set(controller.serial, owner.user.email)
  }

  // The worker starts its sweep chain (nothing is due yet: the trials run 14 days).
  const first = startWorker()
  await waitFor('the worker to start and run its first sweep', async () => {
    if (first.child.exitCode !== null) throw new Error(`worker exited:\n${first.output()}`)
    return /job worker started/.test(first.output()) && (await count(`select count(*) as n from payload_jobs where task_slug = 'datedOptionsSweep' and wait_until is not null`)) === 1
  }, 90_000)
  expect(await markers()).toBe(0)

  // A sweep as of 7 days before the last end (13 hours after the first trial started): 30 reminders due.
  await payload.jobs.queue({ task: 'datedOptionsSweep', input: { now: new Date(latestEnd - 7 * DAY + 60_000).toISOString() } })
  await waitFor('the first reminder marker', async () => (await markers()) >= 1, 30_000)
  const gate = createClient({ url: String(process.env.DATABASE_URI) })
  await gate.execute('PRAGMA busy_timeout = 10000') // waits for the worker's write in progress, if any
  const held = await gate.transaction('write')
  try {
    first.child.kill('SIGKILL')
    expect((await first.exited).signal).toBe('SIGKILL')
  } finally {
    await held.rollback()
    gate.close()
  }

  // Killed mid-sweep: some reminders done, each with its mail queued (marker and job are one transaction), the rest not.
  const done = await markers()
  expect(done).toBeGreaterThanOrEqual(1)
  expect(done).toBeLessThan(CONTROLLERS)
  expect(await queuedMails()).toBe(done)
  expect(await count(`select count(*) as n from payload_jobs where task_slug = 'datedOptionsSweep' and processing = 1`)).toBe(1)

  // Started again: the abandoned sweep is handed back, runs again and does the rest; the mails go out.
  const second = startWorker()
  await waitFor('every reminder marked and sent', async () => {
    if (second.child.exitCode !== null) throw new Error(`worker exited:\n${second.output()}`)
    return (await markers()) === CONTROLLERS && (await queuedMails()) === 0 && (await count(`select count(*) as n from payload_jobs where task_slug = 'datedOptionsSweep' and processing = 1`)) === 0
  }, 60_000)
  expect(second.output()).toMatch(/released 1 job\(s\) abandoned by a stopped worker/)

  const reminders = smtp.messages.filter((m) => /7 days|7 дней/.test(m.subject ?? ''))
  expect(reminders).toHaveLength(CONTROLLERS)
  const perSerial = new Map<string, number>()
  for (const m of reminders) {
    const serial = [...serials.keys()].find((s) => m.text?.includes(`controller ${s}`) || m.text?.includes(`контроллере ${s}`))
    expect(serial).toBeDefined()
    expect(recipientOf(m)).toBe(serials.get(serial!))
    perSerial.set(serial!, (perSerial.get(serial!) ?? 0) + 1)
  }
  expect([...perSerial.values()]).toEqual(Array(CONTROLLERS).fill(1))
  expect(reminders.filter((m) => /дней/.test(m.subject ?? ''))).toHaveLength(CONTROLLERS / 2)

  // Sweeping again changes nothing: no further mail.
  await payload.jobs.queue({ task: 'datedOptionsSweep', input: { now: new Date(latestEnd - 7 * DAY + 120_000).toISOString() } })
  await waitFor('the repeated sweep', async () => (await count(`select count(*) as n from payload_jobs where task_slug = 'datedOptionsSweep' and wait_until is null`)) === 0, 30_000)
  expect(await queuedMails()).toBe(0)
  expect(smtp.messages.filter((m) => /7 days|7 дней/.test(m.subject ?? ''))).toHaveLength(CONTROLLERS)

  second.child.kill('SIGTERM')
  expect((await second.exited).code).toBe(0)
}, 240_000)
