/** Brings the database schema up to date on start: SQLite runs the committed migrations; MongoDB needs none. */
import type { Migration, Payload } from 'payload'

import { schemaPushEnabled } from '@/config/database'
import { migrations } from '@/migrations'
import { isSqliteAdapter, sqliteClient } from './raw'
import { pinPlannerStats } from './sqlite/planner-stats'

export async function applyMigrations(payload: Payload): Promise<void> {
  if (!isSqliteAdapter(payload.db)) return // MongoDB builds its indexes on connect
  if (schemaPushEnabled()) return // a scratch database whose schema the adapter pushes
  // Payload types a migration's argument as unknown; the SQLite adapter calls it with its MigrateUpArgs.
  await payload.db.migrate({ migrations: migrations as Migration[] })
}

/** SQLite: the pinned planner statistics (src/db/sqlite/planner-stats.ts), after the migrations. */
export async function applyPlannerStats(payload: Payload): Promise<void> {
  if (isSqliteAdapter(payload.db)) await pinPlannerStats(sqliteClient(payload.db))
}
