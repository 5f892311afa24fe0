/**
 * The server as a process: configuration errors at start-up, generated secrets, graceful shutdown
 * on SIGTERM with a request in flight. Runs `node --import tsx src/server.ts` in API-only mode.
 */
import { spawn, type ChildProcessByStdio } from 'node:child_process'
import type { Readable } from 'node:stream'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { expect, test } from '@jest/globals'

import { childrenByParent } from '@/scripts/bench/server-process'
import { freePort } from '../support/server'
import { SERVER_NODE_ARGS } from '@/server/node-args'

interface Started {
  child: ChildProcessByStdio<null, Readable, Readable>
  output: () => string
  exited: Promise<number | null>
}

function startProcess(env: Record<string, string | undefined>): Started {
  let out = ''
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, 'src/server.ts'], {
    env: { PATH: process.env.PATH, HOME: process.env.HOME, API_ONLY: '1', DISABLE_PAYLOAD_HMR: 'true', LOG_LEVEL: 'info', ...env } as unknown as NodeJS.ProcessEnv,
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  child.stdout.on('data', (d: Buffer) => (out += d))
  child.stderr.on('data', (d: Buffer) => (out += d))
  const exited = new Promise<number | null>((resolve) => child.on('close', (code: number | null) => resolve(code)))
  return { child, output: () => out, exited }
}

async function waitForReady(url: string, started: Started, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (started.child.exitCode !== null) throw new Error(`server exited early:\n${started.output()}`)
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) return
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`server not ready:\n${started.output()}`)
}

const tempDir = () => fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-proc-'))

test('an unsupported DATABASE_URI is a start-up error that names the variable', async () => {
  const started = startProcess({ DATA_DIR: tempDir(), DATABASE_URI: 'postgres://localhost/pumotix', PAYLOAD_SECRET: 'x'.repeat(40) })
  expect(await started.exited).not.toBe(0)
  expect(started.output()).toMatch(/DATABASE_URI/)
})

test('in production a missing PAYLOAD_SECRET is a start-up error', async () => {
  const dir = tempDir()
  const started = startProcess({ NODE_ENV: 'production', DATA_DIR: dir, DATABASE_URI: `file:${dir}/p.db` })
  expect(await started.exited).not.toBe(0)
  expect(started.output()).toMatch(/PAYLOAD_SECRET is not set/)
  expect(fs.existsSync(path.join(dir, 'payload-secret'))).toBe(false)
})

test('first start generates the secret (0600, one log line), serves health probes, and SIGTERM lets an in-flight request finish, then exits 0', async () => {
  const dir = tempDir()
  const port = await freePort()
  const url = `http://localhost:${port}`
  const started = startProcess({ DATA_DIR: dir, DATABASE_URI: `file:${dir}/p.db`, PORT: String(port), SERVER_URL: url })
  await waitForReady(url, started)
  const secretFile = path.join(dir, 'payload-secret')
  expect(fs.statSync(secretFile).mode & 0o777).toBe(0o600)
  expect(started.output().match(/generated PAYLOAD_SECRET/g)).toHaveLength(1)
  expect(started.output()).toMatch(/generated license signing key/)
  const health = await fetch(`${url}/healthz`)
  expect(health.status).toBe(200)
  expect(health.headers.get('x-content-type-options')).toBe('nosniff')
  expect(health.headers.get('content-security-policy')).toMatch(/default-src 'self'/)

  // Send half a request, signal, then the rest: the response still arrives.
  const body = JSON.stringify({ email: 'nobody@example.test', password: 'whatever-password' })
  const socket = net.connect(port, '127.0.0.1')
  await new Promise<void>((resolve) => socket.once('connect', () => resolve()))
  let response = ''
  socket.on('data', (d) => (response += d))
  socket.write(`POST /api/users/login HTTP/1.1\r\nHost: localhost:${port}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`)
  await new Promise((r) => setTimeout(r, 300))
  started.child.kill('SIGTERM')
  await new Promise((r) => setTimeout(r, 300))
  expect(started.child.exitCode).toBeNull() // still finishing the request
  socket.write(body.slice(10))
  await new Promise<void>((resolve) => socket.once('close', () => resolve()))
  expect(response).toMatch(/^HTTP\/1\.1 401/) // the wrong password answered as usual
  expect(await started.exited).toBe(0)
  expect(started.output()).toMatch(/SIGTERM received/)

  // A second start reuses the secret and the database.
  const again = startProcess({ DATA_DIR: dir, DATABASE_URI: `file:${dir}/p.db`, PORT: String(port), SERVER_URL: url })
  await waitForReady(url, again)
  expect(again.output()).not.toMatch(/generated PAYLOAD_SECRET|generated license signing key/)
  again.child.kill('SIGINT')
  expect(await again.exited).toBe(0)
}, 120_000)

/** The processes whose parent is `pid` (Linux /proc). */
const childrenOf = (pid: number): number[] => childrenByParent().get(pid) ?? []

async function until<T>(what: string, probe: () => T | undefined | false, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = probe()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 200))
  }
}

test('a WEB_CONCURRENCY that is not a number of processes is a start-up error that names the variable', async () => {
  const dir = tempDir()
  const started = startProcess({ WEB_CONCURRENCY: 'many', DATA_DIR: dir, DATABASE_URI: `file:${dir}/w.db`, PAYLOAD_SECRET: 'x'.repeat(40), PORT: String(await freePort()) })
  expect(await started.exited).not.toBe(0)
  expect(started.output()).toMatch(/WEB_CONCURRENCY/)
})

test('WEB_CONCURRENCY=2: two workers share the port, a killed lead and a killed worker are each replaced, SIGTERM stops them all with exit 0', async () => {
  const dir = tempDir()
  const port = await freePort()
  const url = `http://127.0.0.1:${port}`
  const started = startProcess({ WEB_CONCURRENCY: '2', DATA_DIR: dir, DATABASE_URI: `file:${dir}/c.db`, PAYLOAD_SECRET: 'x'.repeat(40), PORT: String(port) })
  try {
    await waitForReady(url, started, 120_000)
    const primary = started.child.pid!
    const workers = await until('two workers', () => (childrenOf(primary).length === 2 ? childrenOf(primary) : false))
    await until('both workers serving', () => started.output().includes('2 server processes are serving'))
    // The migrations ran once, in the lead worker, before the second worker started. The lead is
    // told by the pid in its log lines (pids wrap, so their order says nothing).
    expect(started.output().match(/Migrating: [\d_]+_initial/g)).toHaveLength(1)
    const lead = Number(/"pid":(\d+)[^\n]*Migrating: [\d_]+_initial/.exec(started.output())?.[1])
    expect(workers).toContain(lead)
    const other = workers.find((pid) => pid !== lead)!
    const statuses = await Promise.all(Array.from({ length: 20 }, () => fetch(`${url}/api/options`).then((r) => r.status)))
    expect(statuses).toEqual(Array(20).fill(200))

    /** Kills `victim` and waits until its replacement serves; returns the replacement's pid. */
    const killAndWaitForReplacement = async (victim: number, survivor: number, label: string) => {
      process.kill(victim, 'SIGKILL')
      const now = await until(`a replacement for worker ${victim}`, () => {
        const pids = childrenOf(primary)
        return pids.length === 2 && !pids.includes(victim) ? pids : false
      })
      expect(now).toContain(survivor)
      const replacement = now.find((pid) => pid !== survivor)!
      expect(started.output()).toContain(`worker ${victim} ${label}stopped (SIGKILL); starting a new one`)
      await until(`worker ${replacement} serving`, () => started.output().includes(`worker ${replacement} ${label}is serving`), 120_000)
      expect((await fetch(`${url}/readyz`)).status).toBe(200)
      return replacement
    }
    const newLead = await killAndWaitForReplacement(lead, other, '(lead) ')
    const newOther = await killAndWaitForReplacement(other, newLead, '')

    started.child.kill('SIGTERM')
    expect(await started.exited).toBe(0)
    expect(childrenOf(primary)).toEqual([])
    for (const pid of [newLead, newOther]) expect(fs.existsSync(`/proc/${pid}`)).toBe(false)
  } catch (err) {
    // The processes' own output says why a worker did not come (back).
    throw new Error(`${err instanceof Error ? err.message : String(err)}\n--- server output ---\n${started.output()}`)
  } finally {
    if (started.child.exitCode === null) started.child.kill('SIGKILL')
  }
}, 300_000)
