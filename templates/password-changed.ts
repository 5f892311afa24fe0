import { linkMail, type LinkMailWords } from './link-mail'
import type { Lang } from './types'

/** Sent to the owner whenever their password changes (in the profile or with a reset link). */
export interface PasswordChangedContext {
  name: string
  /** The portal's forgot-password page, for the case that it was not them. */
  url: string
}

const words: Record<Lang, LinkMailWords<PasswordChangedContext>> = {
  en: {
    subject: 'The password of your PUMOTIX account was changed',
    hello: (n: string) => `Hello ${n},`,
    body: 'The password of your PUMOTIX account has just been changed. Other devices were logged out.',
    action: 'Reset your password',
    ignore: 'If you changed it yourself, there is nothing to do. If you did not, reset your password now with the link above.',
  },
  ru: {
    subject: 'Пароль учётной записи PUMOTIX изменён',
    hello: (n: string) => `Здравствуйте, ${n}!`,
    body: 'Пароль вашей учётной записи PUMOTIX только что изменён. На других устройствах выполнен выход.',
    action: 'Сбросить пароль',
    ignore: 'Если пароль меняли вы, ничего делать не нужно. Если нет — сразу сбросьте пароль по ссылке выше.',
  },
}

export const passwordChanged = linkMail<PasswordChangedContext>(words)
