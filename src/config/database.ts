/** The database adapter chosen by DATABASE_URI (see env.ts): SQLite by default, MongoDB in production. */
import fs from 'node:fs'
import path from 'node:path'
import { mongooseAdapter } from '@payloadcms/db-mongodb'
import { sqliteAdapter } from '@payloadcms/db-sqlite'
import type { DatabaseAdapterObj } from 'payload'

import { databaseChoice, projectRoot } from './env'
import { indexHasManyParents } from './sqlite-parent-indexes'

export const migrationDir = path.resolve(projectRoot, 'migrations')

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
  return sqliteAdapter({
    client: { url: choice.url },
    migrationDir,
    // Schema changes go through the committed migrations in ./migrations, never through dev-mode push,
    // so an existing database is upgraded and never dropped. DB_PUSH=1 is for a developer's scratch
    // database while a schema change is being written, before its migration exists.
    push: process.env.DB_PUSH === '1',
    // WAL lets readers run beside the single writer; the busy timeout makes writers queue, not fail.
    wal: choice.url !== ':memory:',
    busyTimeout: 10_000,
    afterSchemaInit: [indexHasManyParents],
  })
}
