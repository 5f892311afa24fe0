/**
 * `npm start` as a newcomer runs it, here with two worker processes (WEB_CONCURRENCY=2): on a fresh data
 * folder the lead worker migrates, seeds the demo data and prints the demo accounts once; the demo
 * accounts log in; SIGTERM stops the primary and its workers with exit 0. (Session 2 found the workers
 * taking every start for production and never seeding; this keeps that from coming back.)
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from '@jest/globals'

import { DEMO_PASSWORD, demoUsers } from '@/seed/users'
import { freePort } from '../support/server'
import { E2E_DIST_DIR, ensureBuild } from './support/app'

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-npm-start-'))
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }))

async function until<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs: number, output: () => string): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await fn().catch(() => undefined)
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`${what} did not happen within ${timeoutMs} ms:\n${output()}`)
    await new Promise((r) => setTimeout(r, 250))
  }
}

test('npm start with WEB_CONCURRENCY=2 on a fresh data folder seeds the demo data once, prints the demo accounts, and stops with exit 0', async () => {
  await ensureBuild()
  const port = await freePort()
  const url = `http://localhost:${port}`
  const env: Record<string, string> = {}
  for (const k of ['PATH', 'HOME', 'LANG', 'TMPDIR']) if (process.env[k]) env[k] = process.env[k] as string
  // What `npm start` runs (package.json's own command), with no NODE_ENV and no PAYLOAD_SECRET: a local first start.
  const [command, ...args] = (JSON.parse(fs.readFileSync('package.json', 'utf8')).scripts.start as string).split(/\s+/)
  expect(command).toBe('node')
  const child = spawn(process.execPath, args, {
    cwd: process.cwd(),
    env: {
      ...env,
      NEXT_DIST_DIR: E2E_DIST_DIR,
      NEXT_TELEMETRY_DISABLED: '1',
      DATA_DIR: dataDir,
      DATABASE_URI: `file:${path.join(dataDir, 'start.db')}`,
      PORT: String(port),
      WEB_CONCURRENCY: '2',
      LOG_LEVEL: 'warn',
    } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out += d.toString()))
  child.stderr.on('data', (d: Buffer) => (out += d.toString()))
  const output = () => out.slice(-6000)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  try {
    // The lead worker seeds before it listens and prints the accounts right after.
    await until('/readyz answering 200', async () => ((await fetch(`${url}/readyz`)).status === 200 ? true : undefined), 240_000, output)
    await until('the demo accounts being printed', async () => (out.includes('Demo accounts') ? true : undefined), 30_000, output)
    for (const u of demoUsers) expect(out).toContain(u.email)
    // Which address to open (SERVER_URL unset: the loopback spellings of the port work too).
    expect(out).toContain(`Open ${url} in your browser.`)
    expect(out).toContain(`http://127.0.0.1:${port} and http://[::1]:${port} work too`)
    expect(out.split('Demo accounts').length - 1).toBe(1) // printed by the lead worker only

    // Every demo account logs in; requests reach the workers through the primary.
    const tokens: string[] = []
    for (const u of demoUsers) {
      const res = await fetch(`${url}/api/users/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: u.email, password: DEMO_PASSWORD }) })
      expect({ email: u.email, status: res.status }).toEqual({ email: u.email, status: 200 })
      tokens.push(((await res.json()) as { token: string }).token)
    }
    // Seeded once: one account per demo address, as the admin sees the users.
    const admin = tokens[demoUsers.findIndex((u) => (u.roles as readonly string[]).includes('admin'))]
    const list = await fetch(`${url}/api/users?limit=100&depth=0&where[email][like]=pumotix.local`, { headers: { authorization: `JWT ${admin}` } })
    expect(list.status).toBe(200)
    const emails = ((await list.json()) as { docs: { email: string }[] }).docs.map((d) => d.email).sort()
    expect(emails).toEqual(demoUsers.map((u) => u.email).sort())
    // The portal page answers too (Next.js runs in the workers).
    expect((await fetch(`${url}/login`)).status).toBe(200)
    // The secret was generated into the data folder on this first start.
    expect(fs.readdirSync(dataDir).some((f) => /secret/i.test(f))).toBe(true)
  } finally {
    child.kill('SIGTERM')
  }
  expect(await exited).toBe(0)
}, 600_000)
