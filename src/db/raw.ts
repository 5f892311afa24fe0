/**
 * Raw access to the storage under Payload's database adapters, for the few places that need one
 * atomic statement Payload's operations cannot express (leases, rate-limit counters, issuance on
 * SQLite). Everything that talks to a database directly lives in src/db/.
 */
import type { MongooseAdapter } from '@payloadcms/db-mongodb'
import type { SQLiteAdapter } from '@payloadcms/db-sqlite'
import type { Payload } from 'payload'

import type { DatabaseKind } from '@/config/shared-state'

type Db = Payload['db']

export const isSqliteAdapter = (db: Db): db is Db & SQLiteAdapter => db.name === 'sqlite'
export const isMongoAdapter = (db: Db): db is Db & MongooseAdapter => db.name === 'mongoose'

/** `payload.db` → the two kinds this product supports. */
export const databaseKindOf = (db: Db): DatabaseKind => (isSqliteAdapter(db) ? 'sqlite' : 'mongodb')

/** The libsql client under Payload's SQLite adapter: one raw statement is one round trip and one atomic write. */
export type RawSqlite = SQLiteAdapter['client']
export type RawStatement = { sql: string; args: (string | number | null)[] }

/** The driver collection under Payload's MongoDB adapter (mongoose model → native collection). */
export type RawMongoCollection = MongooseAdapter['collections'][string]['collection']

export type RawAccess = { kind: 'sqlite'; sql: RawSqlite } | { kind: 'mongodb'; collection: RawMongoCollection }

/** The SQLite connection of Payload's adapter, with its settings (WAL, busy timeout, SQLITE_SYNCHRONOUS). */
export function sqliteClient(db: Db): RawSqlite {
  if (!isSqliteAdapter(db)) throw new Error(`this needs the SQLite database adapter, not ${db.name}`)
  if (!db.client) throw new Error('the SQLite adapter is not connected')
  return db.client
}

/** Raw access to one collection's storage, bypassing Payload's operations (hooks, access, validation). */
export function rawAccess(db: Db, slug: string): RawAccess {
  if (isSqliteAdapter(db)) return { kind: 'sqlite', sql: sqliteClient(db) }
  if (!isMongoAdapter(db)) throw new Error(`the database adapter ${db.name} is not supported (SQLite or MongoDB)`)
  const model = db.collections[slug]
  if (!model) throw new Error(`the MongoDB adapter has no collection "${slug}"`)
  return { kind: 'mongodb', collection: model.collection }
}

/** A duplicate-key error from either database: SQLite's UNIQUE constraint, MongoDB's E11000. */
export function isDuplicateKey(err: unknown): boolean {
  if (typeof err !== 'object' || err === null) return false
  const { code, message } = err as { code?: unknown; message?: unknown }
  if (code === 11000 || code === 11001) return true
  return typeof message === 'string' && /UNIQUE constraint failed|E11000 duplicate key/.test(message)
}
