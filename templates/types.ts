import type { Lang } from '@/i18n/languages'

export { LANGS, langOf, type Lang } from '@/i18n/languages'

/** One e-mail message: a subject and an HTML and plain-text part, in the recipient's language. */
export interface MailTemplate<C> {
  subject(ctx: C, lang: Lang): string
  html(ctx: C, lang: Lang): string
  text(ctx: C, lang: Lang): string
}

export interface RenderedMail {
  subject: string
  html: string
  text: string
}

export function render<C>(template: MailTemplate<C>, ctx: C, lang: Lang): RenderedMail {
  return { subject: template.subject(ctx, lang), html: template.html(ctx, lang), text: template.text(ctx, lang) }
}
