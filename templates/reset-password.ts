import { linkMail, type LinkMailWords } from './link-mail'
import type { Lang } from './types'

export interface ResetPasswordContext {
  name: string
  url: string
}

const words: Record<Lang, LinkMailWords<ResetPasswordContext>> = {
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

export const resetPassword = linkMail<ResetPasswordContext>(words)
