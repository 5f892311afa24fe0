import type { CollectionAfterChangeHook } from 'payload'

import { forgetSigningKeyCache } from '@/domain/signing-keys'

/** Any change to a signing key (rotation) drops the in-memory copies so the next license uses the new key. */
export const forgetCachedSigningKeys: CollectionAfterChangeHook = ({ doc }) => {
  forgetSigningKeyCache()
  return doc
}
