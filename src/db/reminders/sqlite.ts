/**
 * The dated-options sweep on the embedded SQLite default, in raw SQL on Payload's own connection.
 *
 * A reminder is two statements in one write transaction (libsql `batch(…, 'write')`):
 *   UPDATE controllers_entitlements SET <marker> = :until WHERE <the row> AND until = :until AND <marker> IS NOT :until
 *   INSERT INTO payload_jobs (…) SELECT <the sendEmail job> WHERE changes() = 1
 * `changes()` is the number of rows the connection's last finished INSERT/UPDATE/DELETE changed, so
 * the job is written exactly when this UPDATE set the marker; a second run of the same reminder
 * changes no row and queues nothing, and a crash leaves both or neither
 * (test/dated/reminder-store.test.ts checks this inside a batch).
 *
 * Rows are found by controller and option (one row per option) rather than by the array row's id,
 * which Payload renews whenever it rewrites the array; the `until` read is part of every condition, so
 * a row renewed or changed meanwhile is left for the next sweep.
 */
import type { Payload } from 'payload'

import { sqliteClient } from '../raw'
import { sendEmailInput } from '@/mail/queue-email'
import { REMINDED_SOURCES, USABLE_STATES, type DatedController, type DatedOptionsStore, type DatedRow, type ReminderMarker } from './types'

const inList = (values: readonly string[]) => values.map((v) => `'${v}'`).join(', ')

/**
 * Controllers with a row to end or a reminder due, one branch per kind, each a range on
 * controllers_entitlements_until_idx: rows to end among the ends of the look-back window; per reminder,
 * the rows whose end is in its window and whose marker is not set for that end (the domain still
 * decides; rows it skips, such as a short trial's 7-day stage, come back until their next stage).
 * `+_parent_id` keeps the page's start (`afterId`) from being used as the index instead of `until`.
 */
const REMINDER_BRANCHES = `
  select _parent_id as id from controllers_entitlements
    where until > :dayAhead and until <= :weekAhead and source in (${inList(REMINDED_SOURCES)}) and state in (${inList(USABLE_STATES)})
      and reminded7 is not until and reminded1 is not until and +_parent_id > :afterId
  union
  select _parent_id as id from controllers_entitlements
    where until > :now and until <= :dayAhead and source in (${inList(REMINDED_SOURCES)}) and state in (${inList(USABLE_STATES)})
      and reminded1 is not until and +_parent_id > :afterId
  union
  select _parent_id as id from controllers_entitlements
    where until > :endedFrom and until <= :now and source in (${inList(REMINDED_SOURCES)}) and state <> 'awaiting_payment'
      and reminded_ended is not until and +_parent_id > :afterId`

const CANDIDATES = `
select id from (
  select _parent_id as id from controllers_entitlements
    where until > :endFrom and until <= :now and state in (${inList(USABLE_STATES)}) and +_parent_id > :afterId
  union ${REMINDER_BRANCHES}
) order by id limit :limit`

/**
 * The same with rows to end of any age (an end set into the past in the admin or by a refund). Through
 * the until index that would be one random read per past end ever (3 s per million rows on a synthetic
 * table); as a scan of the rows (`+until`) about 0.2 s per million, so the full pass reads the table.
 */
const CANDIDATES_ALL_PAST = `
select id from (
  select _parent_id as id from controllers_entitlements
    where +until <= :now and state in (${inList(USABLE_STATES)}) and +_parent_id > :afterId
  union ${REMINDER_BRANCHES}
) order by id limit :limit`

const READ = `
select c.id, c.serial, c.owner_id,
  (select json_group_array(json_object('id', e.id, 'option', e.option_id, 'state', e.state, 'source', e.source, 'until', e.until, 'grantedAt', e.granted_at,
      'reminded7', e.reminded7, 'reminded1', e.reminded1, 'remindedEnded', e.reminded_ended))
    from controllers_entitlements e where e._parent_id = c.id and e.until is not null) as rows
from controllers c where c.id = ?`

const END_ROW = `update controllers_entitlements set state = 'ended' where _parent_id = ?1 and option_id = ?2 and until = ?3 and state in (${inList(USABLE_STATES)})`
const TOUCH = `update controllers set updated_at = ?2 where id = ?1`

/** The column of each marker (fixed names, never from input). */
const COLUMN: Record<ReminderMarker, string> = { reminded7: 'reminded7', reminded1: 'reminded1', remindedEnded: 'reminded_ended' }

const SET_MARKER = (marker: ReminderMarker) =>
  `update controllers_entitlements set ${COLUMN[marker]} = ?1 where _parent_id = ?2 and option_id = ?3 and until = ?1 and ${COLUMN[marker]} is not ?1 and state in (select value from json_each(?4))`

/** Payload's jobs table, as `payload.jobs.queue` fills it for a task; only when the marker's UPDATE just changed its row. */
const QUEUE_EMAIL_IF_MARKED = `
insert into payload_jobs (input, task_slug, queue, total_tried, has_error, processing, updated_at, created_at)
select ?1, 'sendEmail', 'default', 0, 0, 0, ?2, ?2 where changes() = 1`

/** Every statement (test/dated/reminder-store.test.ts checks the candidate query's plan). */
export const REMINDER_SQL = { CANDIDATES, CANDIDATES_ALL_PAST, READ, END_ROW, TOUCH, SET_MARKER, QUEUE_EMAIL_IF_MARKED }

type Arg = string | number | null

export function sqliteDatedOptionsStore(payload: Payload): DatedOptionsStore {
  const db = sqliteClient(payload.db)
  return {
    async candidates(w, afterId, limit) {
      const args = { now: w.now, endedFrom: w.endedMailFrom, dayAhead: w.dayAhead, weekAhead: w.weekAhead, afterId: (afterId as Arg) ?? 0, limit }
      const { rows } = await db.execute(w.endFrom === null ? { sql: CANDIDATES_ALL_PAST, args } : { sql: CANDIDATES, args: { ...args, endFrom: w.endFrom } })
      return rows.map((r) => Number(r.id))
    },

    async read(controllerId): Promise<DatedController | null> {
      const { rows } = await db.execute({ sql: READ, args: [controllerId as Arg] })
      const r = rows[0]
      if (!r) return null
      return {
        id: Number(r.id),
        serial: String(r.serial),
        owner: r.owner_id == null ? null : Number(r.owner_id),
        rows: (JSON.parse(String(r.rows)) as DatedRow[]).map((e) => ({ ...e, source: e.source ?? 'purchase' })),
      }
    },

    async end(controllerId, rows, now) {
      if (rows.length === 0) return []
      const results = await db.batch(
        [...rows.map((e) => ({ sql: END_ROW, args: [controllerId as Arg, e.option as Arg, e.until] })), { sql: TOUCH, args: [controllerId as Arg, now] }],
        'write',
      )
      return rows.filter((_, i) => results[i].rowsAffected === 1)
    },

    async remind(controllerId, row, marker, states, mail, now) {
      const [, queued] = await db.batch(
        [
          { sql: SET_MARKER(marker), args: [row.until, controllerId as Arg, row.option as Arg, JSON.stringify(states)] },
          { sql: QUEUE_EMAIL_IF_MARKED, args: [JSON.stringify(sendEmailInput(mail)), now] },
        ],
        'write',
      )
      return queued.rowsAffected === 1
    },
  }
}
