import type { CollectionBeforeDeleteHook, CollectionSlug } from 'payload'

import { conflict } from '@/domain/errors'

interface Reference {
  collection: CollectionSlug
  field: string
  what: string
}

/**
 * History is never orphaned: a document that other records point at (an option in orders, a
 * controller with licenses, a customer with orders…) cannot be deleted; the message says what to do instead.
 */
export const refuseDeleteWhenReferenced =
  (references: Reference[], instead: string): CollectionBeforeDeleteHook =>
  async ({ id, req }) => {
    for (const ref of references) {
      const { totalDocs } = await req.payload.count({ collection: ref.collection, where: { [ref.field]: { equals: id } }, overrideAccess: true, req })
      if (totalDocs > 0) throw conflict(`This cannot be deleted: ${totalDocs} ${ref.what} refer to it. ${instead}`)
    }
  }
