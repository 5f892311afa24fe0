import type { News } from '@payload-types'
import type { CollectionAfterChangeHook } from 'payload'

/**
 * The first time a news item is published (by an editor, the API or a scheduled publish job), queue
 * ONE fan-out job that mails it to the subscribers, in the same transaction as the publication, and
 * record the moment on the document so that editing or publishing again never mails again.
 * Nothing is sent inside the publishing request: the job runner does that (src/jobs/news-fanout.ts).
 * `context.skipNewsFanout` (the demo seed) records the item as announced without mailing anyone.
 */
export const queueNewsFanoutOnFirstPublish: CollectionAfterChangeHook<News> = async ({ doc, req, context, collection }) => {
  if (doc?._status !== 'published') return doc
  const stored = await req.payload.db.findOne<{ id: string | number; fanoutQueuedAt?: string | null; _status?: string }>({
    collection: collection.slug,
    where: { id: { equals: doc.id } },
    req,
  })
  if (!stored || stored.fanoutQueuedAt || stored._status !== 'published') return doc
  const now = new Date().toISOString()
  if (!context?.skipNewsFanout) {
    await req.payload.jobs.queue({ task: 'newsFanout', input: { newsId: String(doc.id) }, req })
  }
  await req.payload.db.updateOne({ collection: collection.slug, id: doc.id, data: { fanoutQueuedAt: now }, req })
  return doc
}
