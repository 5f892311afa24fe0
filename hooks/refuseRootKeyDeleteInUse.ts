import type { CollectionBeforeDeleteHook } from 'payload'

import { conflict } from '@/domain/errors'

/**
 * A root key cannot be removed while it is configured (LICENSE_ROOT_KEYS puts it back on every start)
 * or while it vouches for a signing key that still signs or waits to (its certificate would stop
 * verifying and format 2 licensing would stop).
 */
export const refuseRootKeyDeleteInUse: CollectionBeforeDeleteHook = async ({ id, req }) => {
  const root = await req.payload.findByID({ collection: 'root-keys', id, depth: 0, overrideAccess: true, req })
  if (root.source === 'configured') throw conflict(`Root key ${root.kid} comes from LICENSE_ROOT_KEYS: remove it there and restart instead.`)
  const dependants = await req.payload.find({
    collection: 'signing-keys',
    where: { and: [{ certificateRootKid: { equals: root.kid } }, { status: { in: ['active', 'pending'] } }] },
    depth: 0,
    limit: 10,
    overrideAccess: true,
    req,
  })
  if (dependants.docs.length) {
    throw conflict(`Root key ${root.kid} certified signing key ${dependants.docs.map((k) => k.kid).join(', ')}, which still signs licenses. Certify that key with another root first.`)
  }
}
