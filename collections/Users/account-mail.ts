/**
 * The account e-mails the users collection sends besides Payload's own: every one through the jobs
 * queue (src/mail/queue-email.ts), in the recipient's language.
 */
import type { User } from '@payload-types'
import type { Payload, PayloadRequest } from 'payload'

import { serverURL } from '@/config/env'
import { langOf } from '@/i18n/languages'
import { queueEmail } from '@/mail/queue-email'

type Person = Pick<User, 'email' | 'name' | 'language'>

/** "Your password was changed" to the owner. */
export async function mailPasswordChanged(payload: Payload, user: Person, req?: PayloadRequest): Promise<void> {
  await queueEmail(
    payload,
    { template: 'password-changed', to: user.email, lang: langOf(user.language), context: { name: user.name ?? '', url: `${serverURL()}/forgot-password` } },
    { req },
  )
}

/** "Your address is now …" to the address the account had before. */
export async function mailEmailChanged(payload: Payload, user: Person, oldEmail: string, req?: PayloadRequest): Promise<void> {
  await queueEmail(
    payload,
    { template: 'email-changed', to: oldEmail, lang: langOf(user.language), context: { name: user.name ?? '', newEmail: user.email, url: `${serverURL()}/login` } },
    { req },
  )
}

/** "Someone tried to register with your address" to its owner. */
export async function mailRegistrationAttempt(payload: Payload, user: Person): Promise<void> {
  await queueEmail(payload, { template: 'registration-attempt', to: user.email, lang: langOf(user.language), context: { name: user.name ?? '', url: `${serverURL()}/login` } })
}

/**
 * A password reset link for the account (Payload's forgotPassword writes the token; the mail is our
 * reset-password template through the queue). Used by staff; the customer's own request is
 * src/server/forgot-password.ts.
 */
export async function mailPasswordResetLink(payload: Payload, user: Person, req?: PayloadRequest): Promise<void> {
  const token = await payload.forgotPassword({ collection: 'users', data: { email: user.email }, disableEmail: true, req })
  if (!token) throw new Error('Payload wrote no reset token')
  await queueEmail(
    payload,
    { template: 'reset-password', to: user.email, lang: langOf(user.language), context: { name: user.name ?? '', url: `${serverURL()}/reset-password?token=${encodeURIComponent(token)}` } },
    { req },
  )
}
