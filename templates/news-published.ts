import { button, escapeHtml, layoutHtml, layoutText, paragraph } from './layout'
import { siteUrl } from './links'
import type { MailTemplate } from './types'

/** A news item for a subscriber, in their language, with the one-click unsubscribe link. */
export interface NewsPublishedContext {
  name: string
  title: string
  excerpt?: string
  slug: string
  category?: string
  imageUrl?: string
  unsubscribeUrl: string
  baseUrl?: string
}

const words = {
  en: {
    subject: (t: string) => `PUMOTIX news: ${t}`,
    hello: (n: string) => `Hello ${n},`,
    action: 'Read the full article',
    why: 'You receive PUMOTIX news because you subscribed in your account.',
    unsubscribe: 'Unsubscribe from news',
  },
  ru: {
    subject: (t: string) => `Новости PUMOTIX: ${t}`,
    hello: (n: string) => `Здравствуйте, ${n}!`,
    action: 'Читать полностью',
    why: 'Вы получаете новости PUMOTIX, потому что подписались на них в учётной записи.',
    unsubscribe: 'Отписаться от новостей',
  },
}

export const newsArticleUrl = (slug: string, base?: unknown) => siteUrl(`/news/${encodeURIComponent(slug)}`, base)

export const newsPublished: MailTemplate<NewsPublishedContext> = {
  subject: (c, lang) => words[lang].subject(c.title),
  html: (c, lang) => {
    const w = words[lang]
    const image = c.imageUrl ? `<p style="margin:0 0 16px"><img src="${escapeHtml(c.imageUrl)}" alt="" width="552" style="max-width:100%;height:auto;border-radius:6px"></p>` : ''
    const footer = `<br><br>${escapeHtml(w.why)} <a href="${escapeHtml(c.unsubscribeUrl)}" style="color:#5b6672">${escapeHtml(w.unsubscribe)}</a>`
    return layoutHtml(
      lang,
      c.title,
      image + paragraph(w.hello(c.name)) + (c.excerpt ? paragraph(c.excerpt) : '') + button(newsArticleUrl(c.slug, c.baseUrl), w.action),
      footer,
    )
  },
  text: (c, lang) => {
    const w = words[lang]
    return layoutText(
      lang,
      c.title,
      `${w.hello(c.name)}\n\n${c.excerpt ? c.excerpt + '\n\n' : ''}${w.action}: ${newsArticleUrl(c.slug, c.baseUrl)}`,
      `${w.why}\n${w.unsubscribe}: ${c.unsubscribeUrl}`,
    )
  },
}
