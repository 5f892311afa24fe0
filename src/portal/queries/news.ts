/** The newest published news for the account home. */
import type { Payload } from 'payload'

import type { Lang } from '../i18n'
import type { PortalUser } from './session'

export interface NewsTeaser {
  id: string | number
  title: string
  href: string
  date?: string | null
}

export async function latestNews(payload: Payload, user: PortalUser | null, lang: Lang, limit = 3): Promise<NewsTeaser[]> {
  try {
    const res = await payload.find({
      collection: 'news',
      where: { _status: { equals: 'published' } },
      sort: '-publishedAt',
      limit,
      depth: 0,
      locale: lang,
      user: user ?? undefined,
      overrideAccess: false,
    })
    return res.docs.map((d) => ({
      id: d.id,
      title: d.title,
      href: `/news/${encodeURIComponent(String(d.slug ?? d.id))}`,
      date: d.publishedAt ?? d.createdAt,
    }))
  } catch (err) {
    payload.logger.warn({ err }, 'portal: could not read the latest news')
    return []
  }
}
