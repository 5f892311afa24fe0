import type { User } from '@payload-types'
import type { CollectionAfterChangeHook } from 'payload'

/** When a user's e-mail changes, the copy on their controllers (ownerEmail, for staff search) follows. */
export const syncOwnerEmailOnControllers: CollectionAfterChangeHook<User> = async ({ doc, previousDoc, operation, req }) => {
  if (operation !== 'update' || !previousDoc || previousDoc.email === doc.email) return doc
  await req.payload.update({ collection: 'controllers', where: { owner: { equals: doc.id } }, data: {}, overrideAccess: true, depth: 0, req, context: { refreshOwnerEmail: true } })
  return doc
}
