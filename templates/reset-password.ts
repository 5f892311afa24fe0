import { button, layoutHtml, layoutText, paragraph } from './layout'
import type { MailTemplate } from './types'

export interface ResetPasswordContext {
  name: string
  url: string
}

const words = {
  en: {
    subject: 'Reset your PUMOTIX password',
    hello: (n: string) => `Hello ${n},`,
    body: 'Someone asked to reset the password of your PUMOTIX account. The link works for one hour and only once.',
    action: 'Choose a new password',
    ignore: 'If it was not you, ignore this message; your password stays as it is.',
  },
  ru: {
    subject: 'Сброс пароля PUMOTIX',
    hello: (n: string) => `Здравствуйте, ${n}!`,
    body: 'Поступил запрос на сброс пароля вашей учётной записи PUMOTIX. Ссылка действует один час и только один раз.',
    action: 'Задать новый пароль',
    ignore: 'Если это были не вы, проигнорируйте письмо: пароль останется прежним.',
  },
}

export const resetPassword: MailTemplate<ResetPasswordContext> = {
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
