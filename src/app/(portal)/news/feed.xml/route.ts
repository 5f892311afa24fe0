/** GET /news/feed.xml — RSS 2.0 of published news in English; /news/feed.xml?lang=ru in Russian. */
import config from '@payload-config'
import { getPayload } from 'payload'

import { buildNewsFeed } from '@/news/rss'
import { langOf } from '@/i18n/languages'

export const dynamic = 'force-dynamic'

export async function GET(request: Request): Promise<Response> {
  const lang = langOf(new URL(request.url).searchParams.get('lang'))
  const payload = await getPayload({ config })
  const body = await buildNewsFeed(payload, lang)
  return new Response(body, {
    headers: { 'content-type': 'application/rss+xml; charset=utf-8', 'cache-control': 'public, max-age=300' },
  })
}
