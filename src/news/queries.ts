/**
 * Reading news for the portal pages and the feed, through the Local API with the collections' own
 * access rules (overrideAccess: false): without an editor, only published items exist. The pages
 * pass the request's user only for the editor's preview of a draft.
 */
import type { Media, News, User } from '@payload-types'
import type { Payload, Where } from 'payload'

import { populated } from '@/domain/documents'
import type { Lang } from '@/i18n/languages'
import { isNewsCategory } from './categories'

export const NEWS_PAGE_SIZE = 9

export interface NewsListArgs {
  lang: Lang
  page?: number
  category?: string | null
  limit?: number
}

export const coverOf = (doc: Pick<News, 'cover'>): Media | undefined => populated(doc.cover) ?? undefined

/** One page of published news, newest first, optionally of one category. */
export async function listNews(payload: Payload, { lang, page = 1, category, limit = NEWS_PAGE_SIZE }: NewsListArgs) {
  const where: Where = { _status: { equals: 'published' } }
  if (isNewsCategory(category)) where.category = { equals: category }
  const result = await payload.find({
    collection: 'news',
    where,
    sort: '-publishedAt',
    page: Number.isInteger(page) && page > 0 ? page : 1,
    limit,
    depth: 1,
    locale: lang,
    fallbackLocale: 'en',
    draft: false,
    overrideAccess: false,
    select: { title: true, slug: true, excerpt: true, category: true, cover: true, publishedAt: true },
  })
  return result
}

/**
 * One news item by slug: published only, unless `preview` is asked by an editor (the admin's live
 * preview), who then sees the latest draft. Access decides: a non-editor never gets a draft.
 */
export async function getNewsBySlug(
  payload: Payload,
  slug: string,
  lang: Lang,
  preview?: { user: User } | null,
): Promise<News | null> {
  if (typeof slug !== 'string' || !slug || slug.length > 200) return null
  const draft = Boolean(preview?.user)
  const result = await payload.find({
    collection: 'news',
    where: draft ? { slug: { equals: slug } } : { and: [{ slug: { equals: slug } }, { _status: { equals: 'published' } }] },
    limit: 1,
    depth: 2,
    locale: lang,
    fallbackLocale: 'en',
    draft,
    overrideAccess: false,
    user: preview?.user,
  })
  return result.docs[0] ?? null
}

/** The newest published items for the RSS feed. */
export async function feedItems(payload: Payload, lang: Lang, limit = 30) {
  const { docs } = await listNews(payload, { lang, limit })
  return docs
}
