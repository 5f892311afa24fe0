/** The database adapter chosen by DATABASE_URI (src/config/env.ts): SQLite by default, MongoDB in production. */
import fs from 'node:fs'
import path from 'node:path'
import { mongooseAdapter } from '@payloadcms/db-mongodb'
import { sqliteAdapter } from '@payloadcms/db-sqlite'
import type { DatabaseAdapterObj } from 'payload'

import { schemaPushEnabled, sqliteSynchronous } from '@/config/database'
import { databaseChoice, projectRoot } from '@/config/env'
import { indexSideTableParents } from './sqlite/side-table-indexes'
import { installStatementCache } from './sqlite/statement-cache'

export const migrationDir = path.resolve(projectRoot, 'src', 'migrations')

export function databaseAdapter(): DatabaseAdapterObj {
  const choice = databaseChoice()
  if (choice.kind === 'mongodb') {
    return mongooseAdapter({
      url: choice.url,
      connectOptions: { serverSelectionTimeoutMS: 5000 },
    })
  }
  if (choice.url.startsWith('file:')) {
    const file = choice.url.slice('file:'.length)
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true })
  }
  installStatementCache()
  return sqliteAdapter({
    client: { url: choice.url },
    migrationDir,
    // Schema changes go through the committed migrations in src/migrations, never through dev-mode push,
    // so an existing database is upgraded and never dropped. DB_PUSH=1 is for a developer's scratch
    // database while a schema change is being written, before its migration exists.
    push: schemaPushEnabled(),
    // WAL lets readers run beside the single writer; the busy timeout makes writers queue, not fail.
    // synchronous=NORMAL (as Rails 8 and Litestream use with WAL): a commit is safe when the process
    // dies (the kill tests prove it) and the file is never corrupted, but after a power cut or an OS
    // crash the last commits before it may be rolled back. FULL syncs the disk on every commit, which
    // makes every write wait on the disk (docs/performance.md); SQLITE_SYNCHRONOUS=FULL chooses that.
    wal: choice.url !== ':memory:' && { synchronous: sqliteSynchronous(), journalSizeLimit: 64 * 1024 * 1024 },
    busyTimeout: 10_000,
    afterSchemaInit: [indexSideTableParents],
  })
}
