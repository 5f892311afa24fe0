import { button, layoutHtml, layoutText, paragraph } from './layout'
import type { MailTemplate } from './types'

/** Sent to the NEW address when a user changes their e-mail: the link confirms the change. */
export interface EmailChangeContext {
  name: string
  /** The new address, when the caller passes it (the message is sent to that address anyway). */
  newEmail?: string
  url: string
}

const words = {
  en: {
    subject: 'Confirm the new e-mail address of your PUMOTIX account',
    hello: (n: string) => `Hello ${n},`,
    body: (e?: string) => `You asked to use ${e || 'this address'} as the e-mail address of your PUMOTIX account. Confirm the change with the link below.`,
    action: 'Confirm the new address',
    ignore: 'If you did not ask for this change, ignore this message; your account keeps its current address.',
  },
  ru: {
    subject: 'Подтвердите новый адрес электронной почты учётной записи PUMOTIX',
    hello: (n: string) => `Здравствуйте, ${n}!`,
    body: (e?: string) => `Вы указали ${e || 'этот адрес'} как новый адрес электронной почты учётной записи PUMOTIX. Подтвердите изменение по ссылке ниже.`,
    action: 'Подтвердить новый адрес',
    ignore: 'Если вы не меняли адрес, проигнорируйте письмо: у учётной записи останется прежний адрес.',
  },
}

export const emailChange: MailTemplate<EmailChangeContext> = {
  subject: (_c, lang) => words[lang].subject,
  html: (c, lang) =>
    layoutHtml(
      lang,
      words[lang].subject,
      paragraph(words[lang].hello(c.name)) + paragraph(words[lang].body(c.newEmail)) + button(c.url, words[lang].action) + paragraph(words[lang].ignore),
    ),
  text: (c, lang) =>
    layoutText(lang, words[lang].subject, `${words[lang].hello(c.name)}\n\n${words[lang].body(c.newEmail)}\n\n${c.url}\n\n${words[lang].ignore}`),
}
