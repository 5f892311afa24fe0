/** The shape of the messages that ask a person to follow one link: greeting, why, the link, what if it wasn't them. */
import { button, layoutHtml, layoutText, paragraph } from './layout'
import type { Lang, MailTemplate } from './types'

export interface LinkMailWords<C = { name: string; url: string }> {
  subject: string
  hello: (name: string) => string
  /** Why the link was sent; a function when it depends on the message (e.g. the new address). */
  body: string | ((ctx: C) => string)
  action: string
  ignore: string
}

export function linkMail<C extends { name: string; url: string }>(words: Record<Lang, LinkMailWords<C>>): MailTemplate<C> {
  const body = (w: LinkMailWords<C>, c: C) => (typeof w.body === 'function' ? w.body(c) : w.body)
  return {
    subject: (_c, lang) => words[lang].subject,
    html: (c, lang) => {
      const w = words[lang]
      return layoutHtml(lang, w.subject, paragraph(w.hello(c.name)) + paragraph(body(w, c)) + button(c.url, w.action) + paragraph(w.ignore))
    },
    text: (c, lang) => {
      const w = words[lang]
      return layoutText(lang, w.subject, `${w.hello(c.name)}\n\n${body(w, c)}\n\n${c.url}\n\n${w.ignore}`)
    },
  }
}
