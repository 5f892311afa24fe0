import type { News } from '@payload-types'
import type { CollectionBeforeChangeHook } from 'payload'

/** A news item published without a publish date gets the moment of publication. */
export const setNewsPublishedAt: CollectionBeforeChangeHook<News> = ({ data }) => {
  if (data?._status === 'published' && !data.publishedAt) return { ...data, publishedAt: new Date().toISOString() }
  return data
}
