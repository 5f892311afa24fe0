/** The backup tests' tools: the npm scripts as child processes, and archives unpacked and repacked by GNU tar. */
import { execFileSync, spawn } from 'node:child_process'
import fs from 'node:fs'

import { SERVER_NODE_ARGS } from '@/server/node-args'
import { apiClient, type Api } from '../support/http'
import { freePort } from '../support/server'

export interface ScriptResult {
  code: number | null
  stdout: string
  stderr: string
}

/** A child's environment holding exactly `vars` (NODE_ENV included only when given). */
export function exactEnv(vars: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env }
  for (const key of Object.keys(env)) Reflect.deleteProperty(env, key)
  return Object.assign(env, vars)
}

/** The environment of a command run against one data directory (nothing inherited but PATH and HOME). */
export function commandEnv(dataDir: string, extra: Record<string, string | undefined> = {}): Record<string, string> {
  const env: Record<string, string | undefined> = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    DATA_DIR: dataDir,
    DISABLE_PAYLOAD_HMR: 'true',
    LOG_LEVEL: 'warn',
    ...extra,
  }
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined))
}

/** `npm run backup|restore|backup:verify` as package.json runs them (without npm in front). */
export function runScript(script: 'backup' | 'restore' | 'backup-verify', args: string[], env: Record<string, string>): Promise<ScriptResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=production', '--import', 'tsx', `src/scripts/${script}.ts`, ...args], { env: exactEnv(env), stdio: ['ignore', 'pipe', 'pipe'] })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (d: Buffer) => (stdout += d))
    child.stderr.on('data', (d: Buffer) => (stderr += d))
    child.once('error', reject)
    child.once('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** Unpacks an archive with GNU tar into a new folder; returns it and the entries in archive order. */
export function unpack(archive: string, into: string): string[] {
  fs.rmSync(into, { recursive: true, force: true })
  fs.mkdirSync(into, { recursive: true })
  execFileSync('tar', ['-xzf', archive, '-C', into])
  return execFileSync('tar', ['-tzf', archive], { encoding: 'utf8' }).trim().split('\n')
}

/** Packs `entries` of a folder, in that order, into a gzip-compressed ustar archive with GNU tar. */
export function repack(from: string, entries: string[], archive: string): string {
  fs.rmSync(archive, { force: true })
  execFileSync('tar', ['-czf', archive, '--format=ustar', '-C', from, ...entries])
  return archive
}

export function readJson(file: string): any {
  return JSON.parse(fs.readFileSync(file, 'utf8'))
}

export function writeJson(file: string, value: unknown): void {
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n')
}

/** A command's result, or an error showing its output when it did not exit 0. */
export function succeeded(result: ScriptResult): ScriptResult {
  if (result.code !== 0) throw new Error(`exit code ${result.code}\n--- stdout\n${result.stdout}\n--- stderr\n${result.stderr}`)
  return result
}

export interface ServerProcess {
  url: string
  api: Api
  output: () => string
  /** SIGTERM, and the exit code (0 when it stopped gracefully). */
  stop: () => Promise<number | null>
}

/** The real server (`node … src/server.ts`, API only) as a child process, ready when /readyz answers 200. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort()
  const child = spawn(process.execPath, [...SERVER_NODE_ARGS, 'src/server.ts'], {
    env: exactEnv({ API_ONLY: '1', ...env, PORT: String(port), SERVER_URL: `http://localhost:${port}` }),
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let out = ''
  child.stdout.on('data', (d: Buffer) => (out = (out + d).slice(-20_000)))
  child.stderr.on('data', (d: Buffer) => (out = (out + d).slice(-20_000)))
  const exited = new Promise<number | null>((resolve) => child.once('close', (code: number | null) => resolve(code)))
  // 127.0.0.1, not localhost: every request comes from one client address.
  const url = `http://127.0.0.1:${port}`
  for (const deadline = Date.now() + 90_000; ; ) {
    if (child.exitCode !== null) throw new Error(`the server exited before it was ready:\n${out}`)
    try {
      if ((await fetch(`${url}/readyz`)).status === 200) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill('SIGKILL')
      throw new Error(`the server was not ready within 90 s:\n${out}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return {
    url,
    api: apiClient(url),
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM')
      return exited
    },
  }
}
