import type { CollectionConfig } from 'payload'

import { nobody } from '../../access/roles'

/**
 * Rate-limit counters shared by every app instance (src/server/rate-limit-store.ts): one row per
 * limiter and client address, `hits` in the window that ends at `resetAt`. Written only by the
 * store with single atomic statements; no API reads or writes it and the admin does not show it.
 */
export const RateLimitCounters: CollectionConfig = {
  slug: 'rate-limit-counters',
  admin: { hidden: true, useAsTitle: 'key' },
  access: { read: nobody, create: nobody, update: nobody, delete: nobody },
  graphQL: false,
  lockDocuments: false,
  timestamps: false,
  fields: [
    { name: 'key', type: 'text', required: true, unique: true, index: true },
    { name: 'hits', type: 'number', required: true },
    { name: 'resetAt', type: 'date', required: true, index: true },
  ],
}
