import { internalKeyedCollection } from '../internal-keyed-collection'

/**
 * Cross-process leases behind withLock (src/domain/keyed-mutex.ts): a row per key that some app
 * instance holds right now. The unique index on `key` is the lock itself; `token` names the holder
 * (only it releases or renews), `expiresAt` lets another instance take over a lease left behind by
 * a killed process. No API reads or writes it and the admin does not show it.
 */
export const LockLeases = internalKeyedCollection('lock-leases', [
  { name: 'token', type: 'text', required: true },
  { name: 'expiresAt', type: 'date', required: true },
])
