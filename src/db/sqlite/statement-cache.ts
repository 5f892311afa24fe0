/**
 * Reuses prepared SQLite statements.
 *
 * @payloadcms/db-sqlite talks to SQLite through @libsql/client, which prepares every statement anew on
 * every execute: SQLite parses and plans the SQL again each time, and the client then asks the new
 * statement for its columns twice: under the API load of `npm run bench` the largest single cost of the
 * server (docs/performance.md). Payload's SQL texts
 * repeat (the values are bound parameters), so this keeps each connection's most recently used
 * statements, keyed by SQL text, and hands them out again.
 *
 * Why reuse is safe here: @libsql/client runs a statement to its end synchronously (`all()` or
 * `run()`) before it returns, so one statement is never in use twice at once; SQLite resets a statement
 * when it is run again; and a statement stepped to its end holds no read snapshot and no lock (the
 * test shows another connection's writes being seen and a full checkpoint succeeding). PRAGMA
 * statements are never cached. Each connection has its own cache, so a transaction's connection (which
 * the client swaps out) never shares statements with another.
 *
 * It works by wrapping `prepare` on libsql's Database class, the one @libsql/client imports: installed
 * once, before the adapter connects. `SQLITE_STATEMENT_CACHE` sets the number of statements kept per
 * connection (default 256; 0 turns it off).
 */
import Database from 'libsql'

import { statementCacheSize } from '@/config/database'

const KNOWN_COLUMNS = Symbol('knownColumns')

interface CachedStatement {
  columns: () => unknown[]
  /** Columns read since this statement was last handed out (the client asks twice in a row). */
  [KNOWN_COLUMNS]?: unknown[]
}

type Prepare = (this: object, sql: string, ...rest: unknown[]) => CachedStatement

const INSTALLED = Symbol.for('pumotix.sqliteStatementCache')

export interface StatementCacheStats {
  /** Statements handed out again without preparing them. */
  hits: number
  /** Statements prepared (not in the cache, or not cacheable). */
  misses: number
  /** The most statements kept per connection. */
  size: number
}

const stats: StatementCacheStats = { hits: 0, misses: 0, size: 0 }

/** Counters since the process started (tests and benchmarks read them). */
export function statementCacheStats(): StatementCacheStats {
  return { ...stats }
}

/**
 * Makes libsql's connections reuse up to `size` prepared statements each (0: none). Calling it again
 * only changes the size, which applies to statements cached from then on.
 */
export function installStatementCache(size: number = statementCacheSize()): void {
  stats.size = size
  // libsql's types declare Database as a class without its prototype's members, which this wraps.
  const proto = (Database as unknown as { prototype: Record<PropertyKey, unknown> }).prototype
  if (proto[INSTALLED]) return
  const prepare = proto.prepare as Prepare
  const caches = new WeakMap<object, Map<string, CachedStatement>>()

  proto.prepare = function cachedPrepare(this: object, sql: string, ...rest: unknown[]): CachedStatement {
    if (stats.size === 0 || typeof sql !== 'string' || /^\s*pragma\b/i.test(sql)) {
      stats.misses++
      return prepare.call(this, sql, ...rest)
    }
    let cache = caches.get(this)
    if (!cache) caches.set(this, (cache = new Map()))
    const found = cache.get(sql)
    if (found) {
      stats.hits++
      found[KNOWN_COLUMNS] = undefined
      // Most recently used last: the first entry is the one to drop when the cache is full.
      cache.delete(sql)
      cache.set(sql, found)
      return found
    }
    stats.misses++
    const statement = prepare.call(this, sql, ...rest)
    // The client asks for the columns twice on every execute: read them once per use (not once for
    // good: a `select *` gains columns when a migration adds some).
    const columns = statement.columns.bind(statement)
    statement.columns = () => (statement[KNOWN_COLUMNS] ??= columns())
    cache.set(sql, statement)
    while (cache.size > stats.size) cache.delete(cache.keys().next().value as string)
    return statement
  }
  proto[INSTALLED] = true
}
