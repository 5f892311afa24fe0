import { linkMail, type LinkMailWords } from './link-mail'
import type { Lang } from './types'

/** Sent when a customer asks to close their account: the link (valid 24 hours) confirms it. */
export interface AccountClosureContext {
  name: string
  url: string
}

const words: Record<Lang, LinkMailWords<AccountClosureContext>> = {
  en: {
    subject: 'Confirm closing your PUMOTIX account',
    hello: (n: string) => `Hello ${n},`,
    body:
      'You asked us to close your PUMOTIX account. Once you confirm with the link below (it works for 24 hours), your name, e-mail address and phone are erased, your controllers are released from the account and you can no longer log in. Orders, bills and license records stay for our accounts, without your personal details. Download your data from your profile first if you want to keep it.',
    action: 'Close my account',
    ignore: 'If you did not ask for this, ignore this message: your account stays as it is.',
  },
  ru: {
    subject: 'Подтвердите закрытие учётной записи PUMOTIX',
    hello: (n: string) => `Здравствуйте, ${n}!`,
    body:
      'Вы попросили закрыть учётную запись PUMOTIX. Когда вы подтвердите это по ссылке ниже (она действует 24 часа), ваши имя, адрес электронной почты и телефон будут удалены, контроллеры — откреплены от учётной записи, а войти в неё станет невозможно. Заказы, счета и записи о лицензиях останутся в нашем учёте, но без ваших персональных данных. Если хотите сохранить свои данные, сначала выгрузите их в профиле.',
    action: 'Закрыть учётную запись',
    ignore: 'Если вы этого не просили, проигнорируйте письмо: учётная запись останется как есть.',
  },
}

export const accountClosure = linkMail<AccountClosureContext>(words)
