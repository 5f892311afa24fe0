import type { CollectionConfig } from 'payload'

import { nobody } from '../../access/roles'

/**
 * Cross-process leases behind withLock (src/domain/keyed-mutex.ts): a row per key that some app
 * instance holds right now. The unique index on `key` is the lock itself; `token` names the holder
 * (only it releases or renews), `expiresAt` lets another instance take over a lease left behind by
 * a killed process. No API reads or writes it and the admin does not show it.
 */
export const LockLeases: CollectionConfig = {
  slug: 'lock-leases',
  admin: { hidden: true, useAsTitle: 'key' },
  access: { read: nobody, create: nobody, update: nobody, delete: nobody },
  graphQL: false,
  lockDocuments: false,
  timestamps: false,
  fields: [
    { name: 'key', type: 'text', required: true, unique: true, index: true },
    { name: 'token', type: 'text', required: true },
    { name: 'expiresAt', type: 'date', required: true },
  ],
}
