/**
 * The whole product as a customer's browser sees it: a production Next.js build (in .next-e2e, never
 * .next) served by `node --import tsx src/server.ts` in a CHILD process on a free port, with a fresh
 * data directory and SQLite database, optional demo seed and a real SMTP server capturing the mail.
 * Reusable by every browser test (portal and admin alike).
 */
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { apiClient, type Api } from '../../support/http'
import { freePort } from '../../support/server'
import { startSmtpCapture, type SmtpCapture } from '../../support/smtp'
import { DECLARED_NODE_ENV } from '@/config/env'
import { SERVER_NODE_ARGS } from '@/server/node-args'

export const E2E_DIST_DIR = process.env.E2E_DIST_DIR || '.next-e2e'
export const E2E_SECRET = 'test-e2e-secret-0123456789abcdef0123456789abcdef'
const root = process.cwd()

export interface AppOptions {
  /** Seed the demo data (users, catalogue, controllers, help pages) before the server listens. Default true. */
  seed?: boolean
  /** Capture e-mail with a real SMTP server started here (default), or use the one given. */
  smtp?: SmtpCapture | false
  /** Extra environment for the server process (wins over the defaults). */
  env?: Record<string, string>
  /** How long to wait for /readyz. */
  readyTimeoutMs?: number
}

export interface RunningApp {
  url: string
  port: number
  dataDir: string
  smtp: SmtpCapture | null
  api: Api
  /** Everything the server printed so far (for failure messages). */
  output: () => string
  stop: () => Promise<void>
}

/** Environment both the build and the server need, without any host-specific leftovers. */
function baseEnv(dataDir: string): Record<string, string> {
  const env: Record<string, string> = {}
  for (const k of ['PATH', 'HOME', 'LANG', 'TMPDIR', 'NODE_PATH']) if (process.env[k]) env[k] = process.env[k] as string
  return {
    ...env,
    NEXT_DIST_DIR: E2E_DIST_DIR,
    NEXT_TELEMETRY_DISABLED: '1',
    PAYLOAD_SECRET: E2E_SECRET,
    DATA_DIR: dataDir,
    DATABASE_URI: `file:${path.join(dataDir, 'e2e.db')}`,
    DISABLE_PAYLOAD_HMR: 'true',
    // Until the committed migration covers every collection, the test database gets the schema pushed.
    DB_PUSH: process.env.E2E_DB_PUSH ?? '1',
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
  }
}

/** Builds the app into .next-e2e unless that build already matches the sources (scripts/build-if-needed.ts). */
export async function ensureBuild(): Promise<void> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-e2e-build-'))
  const previous = process.env.NEXT_DIST_DIR
  process.env.NEXT_DIST_DIR = E2E_DIST_DIR // buildIfNeeded reads the dist dir from here
  try {
    const { buildIfNeeded } = await import('@/scripts/build-if-needed')
    buildIfNeeded({ ...baseEnv(scratch), NODE_OPTIONS: '--no-deprecation' } as unknown as NodeJS.ProcessEnv)
  } finally {
    if (previous === undefined) delete process.env.NEXT_DIST_DIR
    else process.env.NEXT_DIST_DIR = previous
    fs.rmSync(scratch, { recursive: true, force: true })
  }
}

/** Pushes the schema into the fresh database in a short-lived non-production process (see push-schema.ts). */
async function pushSchema(env: Record<string, string>): Promise<string> {
  const script = path.join(root, 'test', 'e2e', 'support', 'push-schema.ts')
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, script], {
    cwd: root,
    env: { ...env, NODE_ENV: 'development', SEED_DEMO: '' } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout?.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr?.on('data', (d: Buffer) => (out += d.toString()))
  const code = await new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)))
  if (code !== 0) throw new Error(`pushing the test database schema failed (exit ${code}):\n${out}`)
  return out
}

async function waitReady(url: string, child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the server exited with ${child.exitCode} before it was ready:\n${output()}`)
    try {
      const res = await fetch(`${url}/readyz`)
      if (res.status === 200) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  throw new Error(`the server was not ready within ${timeoutMs} ms:\n${output()}`)
}

export async function startApp(options: AppOptions = {}): Promise<RunningApp> {
  await ensureBuild()
  const smtp = options.smtp === false ? null : (options.smtp ?? (await startSmtpCapture()))
  const ownSmtp = options.smtp === undefined
  const port = await freePort()
  const url = `http://localhost:${port}`
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-e2e-'))
  const env: Record<string, string> = {
    ...baseEnv(dataDir),
    // As `npm start` runs a local installation: Next.js optimised, the installation itself not declared production.
    NODE_ENV: 'production',
    [DECLARED_NODE_ENV]: '',
    NODE_OPTIONS: '--no-deprecation',
    PORT: String(port),
    SERVER_URL: url,
    ...(smtp ? { SMTP_URL: smtp.url } : {}),
    ...(options.seed === false ? {} : { SEED_DEMO: '1' }),
    ...options.env,
  }
  let log = ''
  if (env.DB_PUSH === '1') log += await pushSchema(env)
  const keep = (d: Buffer) => {
    log += d.toString()
    if (log.length > 200_000) log = log.slice(-100_000)
  }
  const output = () => log
  let child: ChildProcess
  let exited: Promise<void>
  const launch = () => {
    child = spawn(process.execPath, [...SERVER_NODE_ARGS, 'src/server.ts'], { cwd: root, env: env as unknown as NodeJS.ProcessEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    const c = child
    exited = new Promise<void>((resolve) => c.once('exit', () => resolve()))
  }

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), 20_000)
      await exited
      clearTimeout(timer)
    }
    if (ownSmtp) await smtp?.stop()
    fs.rmSync(dataDir, { recursive: true, force: true })
  }

  launch()
  try {
    await waitReady(url, child!, output, options.readyTimeoutMs ?? 120_000)
  } catch (err) {
    await stop()
    throw err
  }
  return { url, port, dataDir, smtp, api: apiClient(url), output, stop }
}
