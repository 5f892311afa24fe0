import { linkMail, type LinkMailWords } from './link-mail'
import type { Lang } from './types'

/** Sent to the OLD address once a change of the account's e-mail address has been confirmed. */
export interface EmailChangedContext {
  name: string
  newEmail: string
  /** The portal's login page. */
  url: string
}

const words: Record<Lang, LinkMailWords<EmailChangedContext>> = {
  en: {
    subject: 'The e-mail address of your PUMOTIX account was changed',
    hello: (n: string) => `Hello ${n},`,
    body: ({ newEmail }) => `The e-mail address of your PUMOTIX account is now ${newEmail}; the change was confirmed from that address. This address no longer receives messages about the account.`,
    action: 'Log in to PUMOTIX',
    ignore: 'If you made this change, there is nothing to do. If you did not, contact PUMOTIX support at once and answer this message.',
  },
  ru: {
    subject: 'Адрес электронной почты учётной записи PUMOTIX изменён',
    hello: (n: string) => `Здравствуйте, ${n}!`,
    body: ({ newEmail }) => `Теперь адрес электронной почты вашей учётной записи PUMOTIX — ${newEmail}; изменение подтверждено с этого адреса. На этот адрес письма об учётной записи больше не приходят.`,
    action: 'Войти в PUMOTIX',
    ignore: 'Если адрес меняли вы, ничего делать не нужно. Если нет — сразу свяжитесь с поддержкой PUMOTIX, ответив на это письмо.',
  },
}

export const emailChanged = linkMail<EmailChangedContext>(words)
