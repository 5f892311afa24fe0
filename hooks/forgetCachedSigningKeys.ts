import { forgetPublishedKeys } from '@/domain/license-keys-endpoint'
import { forgetRootKeyCache } from '@/domain/license-roots'
import { forgetRevocationListCache } from '@/domain/revocations'
import { forgetSigningKeyCache } from '@/domain/signing-keys'

/**
 * Any change to a signing key, root key or revocation list drops the in-memory copies, so the next
 * license is signed with what is stored now (an afterChange and afterDelete hook).
 */
export const forgetCachedSigningKeys = <T>({ doc }: { doc: T }): T => {
  forgetSigningKeyCache()
  forgetRootKeyCache()
  forgetRevocationListCache()
  forgetPublishedKeys()
  return doc
}
