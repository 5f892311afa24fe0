/**
 * The one way the product sends a transactional e-mail: by template name, recipient, language and
 * context. The message becomes a `sendEmail` job on Payload's jobs queue (src/jobs/send-email.ts), which
 * the job runner sends with retries and backoff; a failing mail server never fails the request that
 * triggered the mail, and a message that finally fails stays visible to staff in the admin (Jobs).
 *
 * Called from a hook, pass the hook's `req` as the third argument: the job is then written in the
 * same transaction as the change that caused it (and, on SQLite, does not wait for that transaction's lock).
 */
import type { Payload, PayloadRequest } from 'payload'

import { templates } from '@templates'
import type { Lang } from '@/i18n/languages'
import { isUndeliverableAddress } from './undeliverable'

/**
 * An attachment as a queued message carries it: a descriptor (plain JSON), made when the job runs, so a
 * queued message never holds a stale or large binary (src/jobs/attachments.ts).
 */
export interface AttachmentDescriptor {
  kind: 'bill-pdf'
  orderId: string
}

export interface EmailMessage {
  template: string
  to: string
  lang: Lang
  context: Record<string, unknown>
  /** Made when the job runs, e.g. the bill PDF of an order. */
  attachments?: AttachmentDescriptor[]
}

/** The `sendEmail` job's input for a message (plain JSON); throws for an unknown template. */
export function sendEmailInput(message: EmailMessage) {
  if (!templates[message.template]) throw new Error(`unknown e-mail template "${message.template}"`)
  // Contexts are stored in the job's input: keep them plain JSON.
  const context = JSON.parse(JSON.stringify(message.context ?? {})) as Record<string, unknown>
  return { template: message.template, to: message.to, lang: message.lang === 'ru' ? ('ru' as const) : ('en' as const), context, attachments: message.attachments }
}

export async function queueEmail(payload: Payload, message: EmailMessage, options: { req?: PayloadRequest } = {}): Promise<void> {
  if (isUndeliverableAddress(message.to)) {
    // A closed account's address: the mail has nobody to go to (the address itself names no person).
    payload.logger.info({ template: message.template, to: message.to }, 'e-mail not queued: the recipient is a closed account')
    return
  }
  try {
    await payload.jobs.queue({ task: 'sendEmail', input: sendEmailInput(message), req: options.req })
  } catch (err) {
    payload.logger.error({ err, template: message.template, to: message.to }, 'could not queue e-mail')
  }
}
