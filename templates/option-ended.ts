import { button, layoutHtml, layoutText, paragraph } from './layout'
import { formatEnd, keepText, type DatedOptionMailContext } from './dated-option'
import type { Lang, MailTemplate } from './types'

/** Sent once when a free trial, a rental or a staff grant of an option has ended (src/domain/dated-options-sweep.ts). */
export type OptionEndedContext = DatedOptionMailContext

const words = {
  en: {
    subject: (c: OptionEndedContext) =>
      c.source === 'trial' ? `Your free trial of ${c.optionName} has ended` : c.source === 'rental' ? `Your rental of ${c.optionName} has ended` : `${c.optionName} on controller ${c.serial} has ended`,
    hello: (n: string) => `Hello ${n},`,
    body: (c: OptionEndedContext, end: string) =>
      `${c.source === 'trial' ? 'the free trial of' : c.source === 'rental' ? 'the rental of' : 'option'} ${c.optionName} (${c.code}) on controller ${c.serial} ended on ${end}; the controller no longer runs it.`,
  },
  ru: {
    subject: (c: OptionEndedContext) =>
      c.source === 'trial' ? `Бесплатная проба «${c.optionName}» закончилась` : c.source === 'rental' ? `Аренда «${c.optionName}» закончилась` : `Опция «${c.optionName}» на контроллере ${c.serial} закончилась`,
    hello: (n: string) => `Здравствуйте, ${n}!`,
    body: (c: OptionEndedContext, end: string) =>
      `${c.source === 'trial' ? 'Бесплатная проба опции' : c.source === 'rental' ? 'Аренда опции' : 'Опция'} «${c.optionName}» (${c.code}) на контроллере ${c.serial} закончилась ${end}; контроллер её больше не включает.`,
  },
}

const parts = (c: OptionEndedContext, lang: Lang) => {
  const w = words[lang]
  const keep = keepText(c, lang, true)
  return { w, subject: w.subject(c), body: w.body(c, formatEnd(c.until, lang)), keep }
}

export const optionEnded: MailTemplate<OptionEndedContext> = {
  subject: (c, lang) => parts(c, lang).subject,
  html: (c, lang) => {
    const { w, subject, body, keep } = parts(c, lang)
    return layoutHtml(lang, subject, paragraph(w.hello(c.name)) + paragraph(body) + paragraph(keep.sentence) + button(keep.url, keep.label) + (keep.afterPayment ? paragraph(keep.afterPayment) : ''))
  },
  text: (c, lang) => {
    const { w, subject, body, keep } = parts(c, lang)
    return layoutText(lang, subject, `${w.hello(c.name)}\n\n${body}\n\n${keep.sentence}\n${keep.label}: ${keep.url}${keep.afterPayment ? `\n\n${keep.afterPayment}` : ''}`)
  },
}
