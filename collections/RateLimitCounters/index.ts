import { internalKeyedCollection } from '../internal-keyed-collection'

/**
 * Rate-limit counters shared by every app instance (src/server/rate-limit-store.ts): one row per
 * limiter and client address, `hits` in the window that ends at `resetAt`. Written only by the
 * store with single atomic statements; no API reads or writes it and the admin does not show it.
 */
export const RateLimitCounters = internalKeyedCollection('rate-limit-counters', [
  { name: 'hits', type: 'number', required: true },
  { name: 'resetAt', type: 'date', required: true, index: true },
])
