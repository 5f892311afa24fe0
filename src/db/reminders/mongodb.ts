/**
 * The dated-options sweep on MongoDB, through the mongoose model Payload keeps for controllers (it
 * casts ids and dates as Payload stores them: ObjectIds, Date values).
 *
 * A reminder is an updateOne that sets the marker on the one array row that still has the end read,
 * is in the wanted state and has no marker for that end yet (`$elemMatch` + the positional `$`), which
 * MongoDB applies atomically to the document; only when it changed the document is the `sendEmail`
 * job queued through Payload's jobs API. The job is a second write, so:
 * - a process killed between the two leaves the marker set and the job unwritten: that one reminder is
 *   lost (at most once, never twice);
 * - a queueing that fails (an error, not a crash) puts the marker back, so the next sweep tries again.
 * Untested here: these machines have no MongoDB (docs/news-and-mail.md, "Options with end dates").
 */
import type { Payload } from 'payload'

import { isMongoAdapter } from '../raw'
import { sendEmailInput } from '@/mail/queue-email'
import { REMINDED_SOURCES, USABLE_STATES, type DatedOptionsStore, type DatedRow, type RowSource, type RowState } from './types'

interface StoredRow {
  id: string
  option: unknown
  state: RowState
  source?: RowSource | null
  until?: Date | null
  grantedAt?: Date | null
  reminded7?: Date | null
  reminded1?: Date | null
  remindedEnded?: Date | null
}

interface StoredController {
  _id: unknown
  serial: string
  owner?: unknown
  entitlements?: StoredRow[] | null
}

const iso = (d: Date | null | undefined): string | null => (d instanceof Date ? d.toISOString() : null)

export function mongoDatedOptionsStore(payload: Payload): DatedOptionsStore {
  const db = payload.db
  if (!isMongoAdapter(db)) throw new Error(`the dated-options store for MongoDB needs the MongoDB adapter, not ${db.name}`)
  const controllers = db.collections.controllers
  if (!controllers) throw new Error('the MongoDB adapter has no collection "controllers"')

  return {
    async candidates(w, afterId, limit) {
      const found = await controllers
        .find(
          {
            ...(afterId == null ? {} : { _id: { $gt: afterId } }),
            $or: [
              { entitlements: { $elemMatch: { until: { ...(w.endFrom === null ? {} : { $gt: new Date(w.endFrom) }), $lte: new Date(w.now) }, state: { $in: USABLE_STATES } } } },
              // Whether a marker is set for the row's own end is a comparison of two fields of one row,
              // which $elemMatch cannot express: the domain checks the markers.
              { entitlements: { $elemMatch: { until: { $gt: new Date(w.now), $lte: new Date(w.weekAhead) }, source: { $in: REMINDED_SOURCES }, state: { $in: USABLE_STATES } } } },
              { entitlements: { $elemMatch: { until: { $gt: new Date(w.endedMailFrom), $lte: new Date(w.now) }, source: { $in: REMINDED_SOURCES }, state: { $ne: 'awaiting_payment' } } } },
            ],
          },
          { _id: 1 },
        )
        .sort({ _id: 1 })
        .limit(limit)
        .lean<{ _id: unknown }[]>()
      return found.map((d) => String(d._id))
    },

    async read(controllerId) {
      const doc = await controllers.findOne({ _id: controllerId }, { serial: 1, owner: 1, entitlements: 1 }).lean<StoredController>()
      if (!doc) return null
      const rows: DatedRow[] = (doc.entitlements ?? [])
        .filter((e) => e.until instanceof Date)
        .map((e) => ({
          id: e.id,
          option: String(e.option),
          state: e.state,
          source: e.source ?? 'purchase',
          until: iso(e.until)!,
          grantedAt: iso(e.grantedAt),
          reminded7: iso(e.reminded7),
          reminded1: iso(e.reminded1),
          remindedEnded: iso(e.remindedEnded),
        }))
      return { id: String(doc._id), serial: doc.serial, owner: doc.owner == null ? null : String(doc.owner), rows }
    },

    async end(controllerId, rows, now) {
      const ended: DatedRow[] = []
      for (const row of rows) {
        const r = await controllers.updateOne(
          { _id: controllerId, entitlements: { $elemMatch: { id: row.id, until: new Date(row.until), state: { $in: USABLE_STATES } } } },
          { $set: { 'entitlements.$.state': 'ended', updatedAt: new Date(now) } },
        )
        if (r.modifiedCount === 1) ended.push(row)
      }
      return ended
    },

    async remind(controllerId, row, marker, states, mail) {
      const until = new Date(row.until)
      const r = await controllers.updateOne(
        { _id: controllerId, entitlements: { $elemMatch: { id: row.id, until, state: { $in: states }, [marker]: { $ne: until } } } },
        { $set: { [`entitlements.$.${marker}`]: until } },
      )
      if (r.modifiedCount !== 1) return false
      try {
        await payload.jobs.queue({ task: 'sendEmail', input: sendEmailInput(mail) })
      } catch (err) {
        const before = row[marker]
        await controllers.updateOne(
          { _id: controllerId, entitlements: { $elemMatch: { id: row.id, [marker]: until } } },
          { $set: { [`entitlements.$.${marker}`]: before ? new Date(before) : null } },
        )
        throw err
      }
      return true
    },
  }
}
