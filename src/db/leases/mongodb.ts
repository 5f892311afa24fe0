/**
 * Lock leases on MongoDB: an upserting updateOne on the native collection (the unique index on `key`
 * refuses a second holder with E11000) and a deleteOne.
 */
import { isDuplicateKey, type RawMongoCollection } from '../raw'
import type { Leases } from './index'

export function mongoLeases(collection: RawMongoCollection): Leases {
  return {
    async tryAcquire(key, token, now, expiresAt) {
      try {
        // No row: inserted. An expired row: matched and taken over. A live row: not matched, so the
        // upsert tries to insert and the unique index on key refuses it (E11000).
        await collection.updateOne({ key, expiresAt: { $lte: new Date(now) } }, { $set: { token, expiresAt: new Date(expiresAt) } }, { upsert: true })
        return true
      } catch (err) {
        if (isDuplicateKey(err)) return false
        throw err
      }
    },
    async renew(key, token, expiresAt) {
      const r = await collection.updateOne({ key, token }, { $set: { expiresAt: new Date(expiresAt) } })
      return r.matchedCount === 1
    },
    async release(key, token) {
      await collection.deleteOne({ key, token })
    },
  }
}

