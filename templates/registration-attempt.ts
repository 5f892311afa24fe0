import { linkMail, type LinkMailWords } from './link-mail'
import type { Lang } from './types'

/**
 * Sent to the owner of an address when somebody registers with it again: the registration answers as
 * for a new address (so it does not tell who has an account), and the owner hears about it here.
 */
export interface RegistrationAttemptContext {
  name: string
  /** The portal's login page (which links to "forgot password"). */
  url: string
}

const words: Record<Lang, LinkMailWords<RegistrationAttemptContext>> = {
  en: {
    subject: 'Someone tried to register with your e-mail address',
    hello: (n: string) => `Hello ${n},`,
    body: 'Someone tried to register a new PUMOTIX account with this e-mail address, which already belongs to your account. No new account was made.',
    action: 'Log in',
    ignore: 'If it was you, log in instead; if you have forgotten your password, reset it from the login page. If it was not you, ignore this message: nothing has changed.',
  },
  ru: {
    subject: 'Кто-то пытался зарегистрироваться с вашим адресом',
    hello: (n: string) => `Здравствуйте, ${n}!`,
    body: 'Кто-то пытался зарегистрировать новую учётную запись PUMOTIX с этим адресом электронной почты, который уже принадлежит вашей учётной записи. Новая учётная запись не создана.',
    action: 'Войти',
    ignore: 'Если это были вы, просто войдите; если забыли пароль, сбросьте его на странице входа. Если это были не вы, проигнорируйте письмо: ничего не изменилось.',
  },
}

export const registrationAttempt = linkMail<RegistrationAttemptContext>(words)
