import type { RevocationList } from '@payload-types'
import type { CollectionAfterChangeHook } from 'payload'

import { revokeListedKeys } from '@/domain/revocations'

/** After a revocation list is published: the signing keys it names are revoked here too, and the event is audited. */
export const applyRevocationList: CollectionAfterChangeHook<RevocationList> = async ({ doc, operation, req }) => {
  if (operation === 'create') await revokeListedKeys(req.payload, doc, req)
  return doc
}
