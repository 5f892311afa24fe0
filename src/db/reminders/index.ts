/**
 * Storage of the dated-options sweep (src/domain/dated-options-sweep.ts): which controllers have a
 * dated option to end or a reminder due, their dated rows, ending rows whose date has passed, and —
 * the part that needs the database's own means — setting a reminder's marker and queueing its e-mail
 * so that each reminder goes out once:
 * - SQLite (`sqlite.ts`): the marker's UPDATE and the `sendEmail` job's INSERT … WHERE changes() = 1
 *   in one write transaction: both or neither, and a second attempt changes nothing and queues nothing.
 * - MongoDB (`mongodb.ts`): an atomic updateOne that sets the marker only where it is not set yet, then
 *   the job through Payload's jobs API. A crash between the two loses that one reminder (never sends
 *   it twice); a failure to queue puts the marker back.
 * Each marker holds the `until` it was sent for, so a renewed option (a new `until`) gets its own.
 */
import type { Payload } from 'payload'

import { databaseKindOf } from '../raw'
import { mongoDatedOptionsStore } from './mongodb'
import { sqliteDatedOptionsStore } from './sqlite'
import type { DatedOptionsStore } from './types'

export * from './types'

export function datedOptionsStore(payload: Payload): DatedOptionsStore {
  return databaseKindOf(payload.db) === 'sqlite' ? sqliteDatedOptionsStore(payload) : mongoDatedOptionsStore(payload)
}
