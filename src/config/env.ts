/**
 * Reading the process environment in one place, so every setting has one name, one default and one
 * error message. The README's table of environment variables mirrors this file.
 */
import os from 'node:os'
import path from 'node:path'

export const projectRoot = process.cwd()
/** Read when asked, not at import: tests and scripts set DATA_DIR after some modules are loaded. */
export const dataDir = () => path.resolve(projectRoot, process.env.DATA_DIR || 'data')

/**
 * `npm start` runs Next.js optimised by forcing NODE_ENV=production after reading what the operator
 * set; it keeps that here, so its server processes still know whether this is a real deployment.
 */
export const DECLARED_NODE_ENV = 'PUMOTIX_DECLARED_NODE_ENV'
/** NODE_ENV=production: a real deployment (secrets required, no demo data, no development root). */
export const isProduction = (process.env[DECLARED_NODE_ENV] ?? process.env.NODE_ENV) === 'production'

export class ConfigError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ConfigError'
  }
}

export type DatabaseChoice = { kind: 'sqlite'; url: string } | { kind: 'mongodb'; url: string }

/** DATABASE_URI: unset or file:… → SQLite (the embedded default); mongodb:// or mongodb+srv:// → MongoDB. */
export function databaseChoice(uri = process.env.DATABASE_URI): DatabaseChoice {
  const value = (uri ?? '').trim()
  if (!value) return { kind: 'sqlite', url: `file:${path.join(dataDir(), 'pumotix.db')}` }
  if (value.startsWith('file:')) return { kind: 'sqlite', url: value }
  if (value === ':memory:') return { kind: 'sqlite', url: ':memory:' }
  if (/^mongodb(\+srv)?:\/\//.test(value)) return { kind: 'mongodb', url: value }
  throw new ConfigError(
    `DATABASE_URI must be empty (embedded SQLite in ./data), a file: URL (file:./data/pumotix.db) or a ` +
      `mongodb:// / mongodb+srv:// URL; got "${value.replace(/\/\/[^@/]*@/, '//***@')}".`,
  )
}

export function port(): number {
  const raw = process.env.PORT || '3000'
  const n = Number(raw)
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`PORT must be a TCP port number; got "${raw}".`)
  return n
}

/** The public URL of the site, used in links in e-mails and for CSRF/CORS. */
export function serverURL(): string {
  const raw = process.env.SERVER_URL || `http://localhost:${port()}`
  try {
    const u = new URL(raw)
    return u.origin
  } catch {
    throw new ConfigError(`SERVER_URL must be an absolute URL such as https://account.pumotix.com; got "${raw}".`)
  }
}

/** Whether the operator set SERVER_URL (else the server names itself after the port it listens on). */
export const serverURLConfigured = () => Boolean(process.env.SERVER_URL)

/** The three spellings of this machine's loopback address at `port`: one server, as a browser on it sees it. */
export const loopbackOrigins = (port: number) => [`http://localhost:${port}`, `http://127.0.0.1:${port}`, `http://[::1]:${port}`]

/**
 * The origins whose pages may use a session (Payload's CSRF and CORS allow-lists): SERVER_URL's
 * origin alone when it is set; on the local default (SERVER_URL unset) http://localhost:PORT and the
 * other loopback spellings of it, since a browser on this machine may open any of them.
 */
export function allowedOrigins(): string[] {
  return serverURLConfigured() ? [serverURL()] : loopbackOrigins(port())
}

export function numberSetting(name: string, fallback: number): number {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return fallback
  const n = Number(raw)
  if (!Number.isFinite(n) || n < 0) throw new ConfigError(`${name} must be a non-negative number; got "${raw}".`)
  return n
}

/** WEB_CONCURRENCY: unset or 1 → one process; `auto` → one per core; a whole number 1–64. */
export function webConcurrency(value = process.env.WEB_CONCURRENCY): number {
  const v = (value ?? '').trim()
  if (v === '') return 1
  if (v === 'auto') return Math.max(1, os.availableParallelism())
  const n = Number(v)
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new ConfigError(`WEB_CONCURRENCY must be "auto" or a whole number from 1 to 64; got "${value}".`)
  return n
}

/** PATH: where external tools (mongodump, mongorestore) are looked for. */
export const executableSearchPath = () => process.env.PATH ?? ''
