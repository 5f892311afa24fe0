/** Every e-mail template by name, so jobs can store a message as plain data and render it later. */
import { accountClosure } from './account-closure'
import { emailChange } from './email-change'
import { emailChanged } from './email-changed'
import { licenseIssued } from './license-issued'
import { newsPublished } from './news-published'
import { optionEnded } from './option-ended'
import { optionEnding } from './option-ending'
import { orderPlaced } from './order-placed'
import { passwordChanged } from './password-changed'
import { paymentReceived } from './payment-received'
import { registrationAttempt } from './registration-attempt'
import { resetPassword } from './reset-password'
import { render, type Lang, type MailTemplate, type RenderedMail } from './types'
import { verifyEmail } from './verify-email'

export const templates: Record<string, MailTemplate<any>> = {
  'verify-email': verifyEmail,
  'reset-password': resetPassword,
  'email-change': emailChange,
  'email-changed': emailChanged,
  'password-changed': passwordChanged,
  'registration-attempt': registrationAttempt,
  'order-placed': orderPlaced,
  'payment-received': paymentReceived,
  'license-issued': licenseIssued,
  'news-published': newsPublished,
  'option-ending': optionEnding,
  'option-ended': optionEnded,
  'account-closure': accountClosure,
}

export const templateNames = () => Object.keys(templates)

export function renderTemplate(name: string, context: Record<string, unknown>, lang: Lang): RenderedMail {
  const template = templates[name]
  if (!template) throw new Error(`unknown e-mail template "${name}"`)
  return render(template, context, lang)
}
