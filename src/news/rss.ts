/** The RSS 2.0 feed of published news, one per language (/news/feed.xml, /news/feed.xml?lang=ru). */
import type { Payload } from 'payload'

import { serverURL } from '@/config/env'
import type { Lang } from '@/i18n/languages'
import { categoryLabel } from './categories'
import { newsWords } from './i18n'
import { feedItems } from './queries'

const xml = (value: unknown) =>
  String(value ?? '')
    // XML 1.0 forbids most control characters, even escaped.
    .replace(/[\p{Cc}]/gu, (c) => (c === '\t' || c === '\n' || c === '\r' ? c : ''))
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')

export async function buildNewsFeed(payload: Payload, lang: Lang): Promise<string> {
  const base = serverURL()
  const w = newsWords[lang]
  const items = await feedItems(payload, lang)
  const self = `${base}/news/feed.xml${lang === 'ru' ? '?lang=ru' : ''}`
  const entries = items
    .map((item) => {
      const link = `${base}/news/${encodeURIComponent(item.slug)}`
      return [
        '    <item>',
        `      <title>${xml(item.title)}</title>`,
        `      <link>${xml(link)}</link>`,
        `      <guid isPermaLink="true">${xml(link)}</guid>`,
        item.publishedAt ? `      <pubDate>${new Date(item.publishedAt).toUTCString()}</pubDate>` : '',
        `      <category>${xml(categoryLabel(item.category, lang))}</category>`,
        item.excerpt ? `      <description>${xml(item.excerpt)}</description>` : '',
        '    </item>',
      ]
        .filter(Boolean)
        .join('\n')
    })
    .join('\n')
  const updated = items[0]?.publishedAt ? `\n    <lastBuildDate>${new Date(items[0].publishedAt).toUTCString()}</lastBuildDate>` : ''
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom">
  <channel>
    <title>${xml(`PUMOTIX — ${w.title}`)}</title>
    <link>${xml(`${base}/news`)}</link>
    <description>${xml(w.description)}</description>
    <language>${lang === 'ru' ? 'ru-ru' : 'en-us'}</language>
    <atom:link href="${xml(self)}" rel="self" type="application/rss+xml"/>${updated}
${entries}
  </channel>
</rss>
`
}
