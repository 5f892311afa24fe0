import { button, layoutHtml, layoutText, paragraph } from './layout'
import { countDays, formatEnd, keepText, type DatedOptionMailContext } from './dated-option'
import type { Lang, MailTemplate } from './types'

/** Sent 7 days and 1 day before a free trial, a rental or a staff grant of an option ends (src/domain/dated-options-sweep.ts). */
export interface OptionEndingContext extends DatedOptionMailContext {
  /** Whole days left, rounded up (an end later today is 1 day). */
  daysLeft: number
}

const words = {
  en: {
    subject: (c: OptionEndingContext, days: string) =>
      c.source === 'trial' ? `Your free trial of ${c.optionName} ends in ${days}` : c.source === 'rental' ? `Your rental of ${c.optionName} ends in ${days}` : `${c.optionName} on controller ${c.serial} ends in ${days}`,
    hello: (n: string) => `Hello ${n},`,
    body: (c: OptionEndingContext, end: string) =>
      `${c.source === 'trial' ? 'the free trial of' : c.source === 'rental' ? 'the rental of' : 'option'} ${c.optionName} (${c.code}) on controller ${c.serial} ${c.source === 'grant' ? 'runs until' : 'ends on'} ${end}.`,
    after: 'Until then the option works as now; after that the controller switches it off.',
  },
  ru: {
    subject: (c: OptionEndingContext, days: string) =>
      c.source === 'trial' ? `Бесплатная проба «${c.optionName}» закончится через ${days}` : c.source === 'rental' ? `Аренда «${c.optionName}» закончится через ${days}` : `Опция «${c.optionName}» на контроллере ${c.serial} закончится через ${days}`,
    hello: (n: string) => `Здравствуйте, ${n}!`,
    body: (c: OptionEndingContext, end: string) =>
      `${c.source === 'trial' ? 'Бесплатная проба опции' : c.source === 'rental' ? 'Аренда опции' : 'Опция'} «${c.optionName}» (${c.code}) на контроллере ${c.serial} ${c.source === 'grant' ? 'действует до' : 'закончится'} ${end}.`,
    after: 'До этого момента опция работает как сейчас, затем контроллер её отключит.',
  },
}

const parts = (c: OptionEndingContext, lang: Lang) => {
  const w = words[lang]
  return { w, subject: w.subject(c, countDays(c.daysLeft, lang)), body: w.body(c, formatEnd(c.until, lang)), keep: keepText(c, lang, false) }
}

export const optionEnding: MailTemplate<OptionEndingContext> = {
  subject: (c, lang) => parts(c, lang).subject,
  html: (c, lang) => {
    const { w, subject, body, keep } = parts(c, lang)
    return layoutHtml(lang, subject, paragraph(w.hello(c.name)) + paragraph(body) + paragraph(w.after) + paragraph(keep.sentence) + button(keep.url, keep.label) + (keep.afterPayment ? paragraph(keep.afterPayment) : ''))
  },
  text: (c, lang) => {
    const { w, subject, body, keep } = parts(c, lang)
    return layoutText(lang, subject, `${w.hello(c.name)}\n\n${body}\n${w.after}\n\n${keep.sentence}\n${keep.label}: ${keep.url}${keep.afterPayment ? `\n\n${keep.afterPayment}` : ''}`)
  },
}
