import { button, layoutHtml, layoutText, paragraph } from './layout'
import type { MailTemplate } from './types'

export interface VerifyEmailContext {
  name: string
  url: string
}

const words = {
  en: {
    subject: 'Confirm your e-mail address for your PUMOTIX account',
    hello: (n: string) => `Hello ${n},`,
    body: 'Please confirm your e-mail address to finish creating your PUMOTIX account.',
    action: 'Confirm e-mail address',
    ignore: 'If you did not register, ignore this message.',
  },
  ru: {
    subject: 'Подтвердите адрес электронной почты для учётной записи PUMOTIX',
    hello: (n: string) => `Здравствуйте, ${n}!`,
    body: 'Подтвердите адрес электронной почты, чтобы завершить регистрацию в PUMOTIX.',
    action: 'Подтвердить адрес',
    ignore: 'Если вы не регистрировались, просто проигнорируйте это письмо.',
  },
}

export const verifyEmail: MailTemplate<VerifyEmailContext> = {
  subject: (_c, lang) => words[lang].subject,
  html: (c, lang) =>
    layoutHtml(
      lang,
      words[lang].subject,
      paragraph(words[lang].hello(c.name)) + paragraph(words[lang].body) + button(c.url, words[lang].action) + paragraph(words[lang].ignore),
    ),
  text: (c, lang) =>
    layoutText(lang, words[lang].subject, `${words[lang].hello(c.name)}\n\n${words[lang].body}\n\n${c.url}\n\n${words[lang].ignore}`),
}
