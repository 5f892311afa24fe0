import { linkMail, type LinkMailWords } from './link-mail'
import type { Lang } from './types'

export interface VerifyEmailContext {
  name: string
  url: string
}

const words: Record<Lang, LinkMailWords<VerifyEmailContext>> = {
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

export const verifyEmail = linkMail<VerifyEmailContext>(words)
