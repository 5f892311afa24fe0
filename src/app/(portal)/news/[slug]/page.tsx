/**
 * /news/<slug> — one published news item. `?preview=1` (the admin's live preview) shows the latest
 * draft to a logged-in editor; everybody else gets the published version or 404.
 */
import config from '@payload-config'
import type { Metadata } from 'next'
import { notFound } from 'next/navigation'
import { getPayload } from 'payload'
import { cache } from 'react'

import { isEditor } from '@/access/roles'
import { getSession } from '@/portal/queries/session'
import { getLang } from '@/portal/i18n/get-lang'
import { categoryLabel } from '@/news/categories'
import { formatNewsDate, newsWords } from '@/news/i18n'
import { coverOf, getNewsBySlug } from '@/news/queries'
import { NewsContent } from '@/news/render'
import { langOf } from '@/i18n/languages'
import '../news.css'

export const dynamic = 'force-dynamic'

type Params = Promise<{ slug: string }>
type SearchParams = Promise<Record<string, string | string[] | undefined>>

const load = cache(async (slug: string, preview: boolean, langParam: string | undefined) => {
  const payload = await getPayload({ config })
  const lang = preview && langParam ? langOf(langParam) : await getLang()
  const { user } = preview ? await getSession() : { user: null }
  const editorPreview = preview && user && isEditor(user) ? { user } : null
  const doc = await getNewsBySlug(payload, decodeURIComponent(slug), lang, editorPreview)
  return { doc, lang, preview: Boolean(editorPreview) }
})

const wants = (params: Record<string, string | string[] | undefined>) => ({
  preview: params.preview !== undefined,
  lang: typeof params.lang === 'string' ? params.lang : undefined,
})

export async function generateMetadata({ params, searchParams }: { params: Params; searchParams: SearchParams }): Promise<Metadata> {
  const { slug } = await params
  const q = wants(await searchParams)
  const { doc } = await load(slug, q.preview, q.lang)
  if (!doc) return { title: 'Not found' }
  const cover = coverOf(doc)
  const og = cover?.sizes?.og?.url || cover?.url
  return {
    title: doc.title,
    description: doc.excerpt ?? undefined,
    openGraph: {
      title: doc.title,
      description: doc.excerpt ?? undefined,
      type: 'article',
      publishedTime: doc.publishedAt ?? undefined,
      url: `/news/${doc.slug}`,
      images: og ? [{ url: og, width: 1200, height: 630, alt: cover?.alt ?? '' }] : undefined,
    },
    robots: q.preview ? { index: false } : undefined,
  }
}

export default async function NewsItemPage({ params, searchParams }: { params: Params; searchParams: SearchParams }) {
  const { slug } = await params
  const q = wants(await searchParams)
  const { doc, lang, preview } = await load(slug, q.preview, q.lang)
  if (!doc) notFound()
  const w = newsWords[lang]
  const cover = coverOf(doc)
  const author = doc.author && typeof doc.author === 'object' ? doc.author.name : undefined
  return (
    <div className="news-page news-article-page" lang={lang}>
      {preview ? <p className="news-preview-note">{w.preview}</p> : null}
      <p className="news-back">
        <a href="/news">← {w.back}</a>
      </p>
      <article className="news-article">
        <header>
          <p className="news-meta">
            <a className="news-category" href={`/news?category=${doc.category}`}>
              {categoryLabel(doc.category, lang)}
            </a>{' '}
            <time dateTime={doc.publishedAt ?? undefined}>{formatNewsDate(doc.publishedAt, lang)}</time>
            {author ? <span className="news-author"> · {w.by} {author}</span> : null}
          </p>
          <h1 className="news-title">{doc.title}</h1>
          {doc.excerpt ? <p className="news-lead">{doc.excerpt}</p> : null}
          {doc.category === 'firmware' && doc.firmwareReleasedAt ? (
            <p className="news-requirement">
              <strong>{w.needsUpdates(formatNewsDate(doc.firmwareReleasedAt, lang))}</strong> {w.needsUpdatesHint}
            </p>
          ) : null}
        </header>
        {cover?.url ? (
          <img className="news-cover" src={cover.sizes?.og?.url || cover.url} alt={cover.alt ?? ''} width={cover.width ?? 1200} height={cover.height ?? 630} />
        ) : null}
        <NewsContent data={doc.content} />
      </article>
    </div>
  )
}
