import type { RevocationList } from '@payload-types'
import type { CollectionBeforeValidateHook } from 'payload'

import { checkRevocationListUpload } from '@/domain/revocations'

/** An uploaded revocation list is checked (root signature, number after the newest) and its fields are read from it. */
export const readUploadedRevocationList: CollectionBeforeValidateHook<RevocationList> = async ({ data, operation, req }) => {
  if (operation !== 'create' || !data) return data
  const list = await checkRevocationListUpload(req.payload, data.list, req)
  return { ...data, ...list, uploadedBy: req.user?.id ?? null }
}
