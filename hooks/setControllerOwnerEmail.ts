import type { Controller } from '@payload-types'
import type { FieldHook } from 'payload'

import { refId } from '@/domain/documents'

/**
 * Controllers keep a copy of their owner's e-mail (ownerEmail) so staff can search the list by it. A
 * beforeChange hook on that field: derived from `owner` on every save; whatever a client sends is ignored.
 */
export const setControllerOwnerEmail: FieldHook<Controller, Controller['ownerEmail']> = async ({ data, originalDoc, req, context }) => {
  const ownerId = data && 'owner' in data ? refId(data.owner) : refId(originalDoc?.owner)
  if (ownerId == null) return null
  if (!context?.refreshOwnerEmail && originalDoc && String(refId(originalDoc.owner)) === String(ownerId) && originalDoc.ownerEmail) return originalDoc.ownerEmail
  const found = await req.payload.find({ collection: 'users', where: { id: { equals: ownerId } }, limit: 1, depth: 0, overrideAccess: true, req })
  return found.docs[0]?.email ?? null
}
