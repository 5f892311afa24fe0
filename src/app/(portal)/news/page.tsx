/** /news — published news, newest first, nine per page, with a category filter. */
import config from '@payload-config'
import type { Metadata } from 'next'
import { getPayload } from 'payload'

import { getLang } from '@/portal/i18n/get-lang'
import { categoryLabel, isNewsCategory, NEWS_CATEGORIES } from '@/news/categories'
import { formatNewsDate, newsWords } from '@/news/i18n'
import { coverOf, listNews } from '@/news/queries'
import { newsListHref } from './news-link'
import './news.css'

export const dynamic = 'force-dynamic'

export async function generateMetadata(): Promise<Metadata> {
  const lang = await getLang()
  const w = newsWords[lang]
  return {
    title: w.title,
    description: w.description,
    openGraph: { title: `${w.title} — PUMOTIX`, description: w.description, type: 'website' },
    alternates: { types: { 'application/rss+xml': `/news/feed.xml${lang === 'ru' ? '?lang=ru' : ''}` } },
  }
}

type SearchParams = Promise<Record<string, string | string[] | undefined>>

export default async function NewsListPage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams
  const lang = await getLang()
  const w = newsWords[lang]
  const category = isNewsCategory(params.category) ? params.category : null
  const page = Math.max(1, Math.min(10_000, Number.parseInt(String(params.page ?? '1'), 10) || 1))
  const payload = await getPayload({ config })
  const result = await listNews(payload, { lang, page, category })

  return (
    <div className="news-page" lang={lang}>
      <header className="news-header">
        <h1 className="news-title">{w.title}</h1>
        <a className="news-feed-link" href={`/news/feed.xml${lang === 'ru' ? '?lang=ru' : ''}`}>
          {w.feed}
        </a>
      </header>
      <nav className="news-filter" aria-label={w.filter}>
        <a className="news-filter-item" href={newsListHref({})} aria-current={category ? undefined : 'page'}>
          {w.all}
        </a>
        {NEWS_CATEGORIES.map((c) => (
          <a key={c.value} className="news-filter-item" href={newsListHref({ category: c.value })} aria-current={category === c.value ? 'page' : undefined}>
            {c.label[lang]}
          </a>
        ))}
      </nav>
      {result.docs.length === 0 ? (
        <p className="news-empty">{w.empty}</p>
      ) : (
        <ul className="news-list">
          {result.docs.map((item, i) => {
            const cover = coverOf(item)
            const image = cover?.sizes?.card?.url || cover?.url
            // The first cover is the largest paint on a phone: load it at once, the rest lazily.
            const loading = i === 0 ? { fetchPriority: 'high' as const } : { loading: 'lazy' as const }
            return (
              <li key={String(item.id)} className="news-card">
                <article>
                  {image ? <img className="news-card-image" src={image} alt={cover?.alt ?? ''} {...loading} width={768} height={432} /> : null}
                  <p className="news-meta">
                    <span className="news-category">{categoryLabel(item.category, lang)}</span>{' '}
                    <time dateTime={item.publishedAt ?? undefined}>{formatNewsDate(item.publishedAt, lang)}</time>
                  </p>
                  <h2 className="news-card-title">
                    <a href={`/news/${item.slug}`}>{item.title}</a>
                  </h2>
                  {item.excerpt ? <p className="news-excerpt">{item.excerpt}</p> : null}
                  <a className="news-more" href={`/news/${item.slug}`} aria-label={`${w.readMore}: ${item.title}`}>
                    {w.readMore}
                  </a>
                </article>
              </li>
            )
          })}
        </ul>
      )}
      {result.totalPages > 1 ? (
        <nav className="news-pagination" aria-label={w.page(result.page ?? 1, result.totalPages)}>
          {result.hasPrevPage ? <a href={newsListHref({ page: (result.page ?? 1) - 1, category })}>{w.previous}</a> : <span />}
          <span>{w.page(result.page ?? 1, result.totalPages)}</span>
          {result.hasNextPage ? <a href={newsListHref({ page: (result.page ?? 1) + 1, category })}>{w.next}</a> : <span />}
        </nav>
      ) : null}
    </div>
  )
}
