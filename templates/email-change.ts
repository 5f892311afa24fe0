import { linkMail, type LinkMailWords } from './link-mail'
import type { Lang } from './types'

/** Sent to the NEW address when a user changes their e-mail: the link confirms the change. */
export interface EmailChangeContext {
  name: string
  /** The new address, when the caller passes it (the message is sent to that address anyway). */
  newEmail?: string
  url: string
}

const words: Record<Lang, LinkMailWords<EmailChangeContext>> = {
  en: {
    subject: 'Confirm the new e-mail address of your PUMOTIX account',
    hello: (n: string) => `Hello ${n},`,
    body: ({ newEmail: e }) => `You asked to use ${e || 'this address'} as the e-mail address of your PUMOTIX account. Confirm the change with the link below.`,
    action: 'Confirm the new address',
    ignore: 'If you did not ask for this change, ignore this message; your account keeps its current address.',
  },
  ru: {
    subject: 'Подтвердите новый адрес электронной почты учётной записи PUMOTIX',
    hello: (n: string) => `Здравствуйте, ${n}!`,
    body: ({ newEmail: e }) => `Вы указали ${e || 'этот адрес'} как новый адрес электронной почты учётной записи PUMOTIX. Подтвердите изменение по ссылке ниже.`,
    action: 'Подтвердить новый адрес',
    ignore: 'Если вы не меняли адрес, проигнорируйте письмо: у учётной записи останется прежний адрес.',
  },
}

export const emailChange = linkMail<EmailChangeContext>(words)
