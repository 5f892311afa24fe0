/**
 * Rate-limit counters on MongoDB: `findOneAndUpdate` with `upsert` and an update pipeline on the
 * native collection (a single-document update is atomic; the unique index on `key` stops a second upsert).
 */
import { isDuplicateKey, type RawMongoCollection } from '../raw'
import { counterOf, type CounterStore } from './counter'

export function mongoCounters(collection: RawMongoCollection): CounterStore {
  const upsert = async (key: string, now: Date, resetAt: Date) => {
    // One pipeline stage sees the document as it was: a missing or past resetAt starts a new window.
    const expired = { $or: [{ $eq: [{ $type: '$resetAt' }, 'missing'] }, { $lte: ['$resetAt', now] }] }
    return collection.findOneAndUpdate(
      { key },
      [{ $set: { hits: { $cond: [expired, 1, { $add: ['$hits', 1] }] }, resetAt: { $cond: [expired, resetAt, '$resetAt'] } } }],
      { upsert: true, returnDocument: 'after', projection: { _id: 0, hits: 1, resetAt: 1 } },
    )
  }
  return {
    async increment(key, now, resetAt) {
      let doc: Record<string, unknown> | null
      try {
        doc = await upsert(key, now, resetAt)
      } catch (err) {
        // Two first hits at once: both upserts insert, the unique index refuses one; it now exists.
        if (!isDuplicateKey(err)) throw err
        doc = await upsert(key, now, resetAt)
      }
      if (!doc) throw new Error(`rate limit counter ${key} was not returned by the upsert`)
      return counterOf(doc.hits, doc.resetAt)
    },
    async get(key, now) {
      const doc = await collection.findOne({ key, resetAt: { $gt: now } }, { projection: { _id: 0, hits: 1, resetAt: 1 } })
      return doc ? counterOf(doc.hits, doc.resetAt) : undefined
    },
    async decrement(key, now) {
      await collection.updateOne({ key, resetAt: { $gt: now }, hits: { $gt: 0 } }, { $inc: { hits: -1 } })
    },
    async reset(key) {
      await collection.deleteOne({ key })
    },
    async resetPrefix(prefix) {
      await collection.deleteMany({ key: { $regex: `^${prefix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}` } })
    },
    async sweep(now) {
      await collection.deleteMany({ resetAt: { $lte: now } })
    },
  }
}

