/** Settings of the database adapters (the adapters themselves are built in src/db/adapter.ts). */
import { ConfigError } from './env'

/** SQLITE_SYNCHRONOUS: NORMAL (default) or FULL; see the README. */
export function sqliteSynchronous(): 'NORMAL' | 'FULL' {
  const v = (process.env.SQLITE_SYNCHRONOUS ?? 'NORMAL').trim().toUpperCase()
  if (v !== 'NORMAL' && v !== 'FULL') throw new ConfigError(`SQLITE_SYNCHRONOUS must be NORMAL or FULL; got "${process.env.SQLITE_SYNCHRONOUS}".`)
  return v
}

/** DB_PUSH=1: a developer's scratch database whose schema the SQLite adapter pushes (never real data). */
export const schemaPushEnabled = () => process.env.DB_PUSH === '1'

/** SQLITE_STATEMENT_CACHE: prepared statements kept per connection (0: off). */
export function statementCacheSize(): number {
  const raw = (process.env.SQLITE_STATEMENT_CACHE ?? '256').trim()
  const n = Number(raw)
  if (!/^\d+$/.test(raw) || n > 100_000) throw new ConfigError(`SQLITE_STATEMENT_CACHE must be a whole number from 0 (off) to 100000; got "${process.env.SQLITE_STATEMENT_CACHE}".`)
  return n
}
