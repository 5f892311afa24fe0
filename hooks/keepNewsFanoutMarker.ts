import type { News } from '@payload-types'
import type { CollectionBeforeChangeHook } from 'payload'

/**
 * `fanoutQueuedAt` is written straight to the published document, not to its drafts; a later publish
 * built from a draft would otherwise erase it and mail the subscribers again. Carry the stored value over.
 */
export const keepNewsFanoutMarker: CollectionBeforeChangeHook<News> = async ({ data, operation, originalDoc, req, collection }) => {
  if (operation !== 'update' || originalDoc?.id == null) return data
  const stored = await req.payload.db.findOne<{ id: string | number; fanoutQueuedAt?: string | null }>({
    collection: collection.slug,
    where: { id: { equals: originalDoc.id } },
    req,
  })
  if (stored?.fanoutQueuedAt) return { ...data, fanoutQueuedAt: stored.fanoutQueuedAt }
  return data
}
