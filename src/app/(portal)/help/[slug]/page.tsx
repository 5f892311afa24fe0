import { RichText } from '@payloadcms/richtext-lexical/react'
import type { Metadata } from 'next'
import { notFound } from 'next/navigation'

import { getHelpPage } from '@/portal/queries/help'
import { getSession } from '@/portal/queries/session'
import { formatDate } from '@/portal/format'
import { fmt } from '@/portal/i18n'
import { getI18n } from '@/portal/i18n/get-lang'
import { PageHeader } from '@/portal/ui'

type Params = { params: Promise<{ slug: string }> }

async function load(slug: string) {
  const { payload, user } = await getSession()
  const { lang, t } = await getI18n()
  return { page: await getHelpPage(payload, user, slug, lang), lang, t }
}

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { page } = await load((await params).slug)
  return { title: page?.title ?? 'Help' }
}

/** A public help page as editors wrote it in the admin (rich text, in the reader's language). */
export default async function HelpPageRoute({ params }: Params) {
  const { page, lang, t } = await load((await params).slug)
  if (!page) notFound()
  return (
    <div className="container page">
      <PageHeader title={page.title} />
      <article className="prose">
        {page.content ? <RichText data={page.content} disableContainer /> : null}
        {page.updatedAt ? <p className="small muted">{fmt(t.help.updated, { date: formatDate(lang, page.updatedAt) })}</p> : null}
      </article>
    </div>
  )
}
