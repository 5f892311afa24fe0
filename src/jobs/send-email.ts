/**
 * The `sendEmail` task: renders a template by name in the recipient's language and hands it to the
 * mail transport. A failure (mail server down, 4xx) throws, so Payload retries with exponential
 * backoff; after the last attempt the job stays in payload-jobs with hasError and the SMTP answer.
 */
import type { TaskConfig } from 'payload'

import { mailRetry } from '@/config/mail'
import type { AttachmentDescriptor } from '@/mail/queue-email'
import { makeAttachments } from './attachments'
import { describeMailError } from '@/mail/mail-errors'
import { isUndeliverableAddress } from '@/mail/undeliverable'
import { renderTemplate } from '@templates'
import { langOf } from '@/i18n/languages'

export interface SendEmailInput {
  template: string
  to: string
  lang: string
  context: Record<string, unknown>
  headers?: Record<string, string>
  attachments?: AttachmentDescriptor[]
}

export const mailRetries = () => ({
  attempts: mailRetry().attempts,
  backoff: { type: 'exponential' as const, delay: mailRetry().delayMs },
})

export const sendEmailTask: TaskConfig<{ input: SendEmailInput; output: { messageId: string } }> = {
  slug: 'sendEmail',
  label: 'Send e-mail',
  retries: mailRetries(),
  inputSchema: [
    { name: 'template', type: 'text', required: true },
    { name: 'to', type: 'text', required: true },
    { name: 'lang', type: 'text', required: true },
    { name: 'context', type: 'json', required: true },
    { name: 'headers', type: 'json' },
    { name: 'attachments', type: 'json' },
  ],
  outputSchema: [{ name: 'messageId', type: 'text' }],
  handler: async ({ input, req }) => {
    // Queued before its account was closed and missed by the closure's sweep: it goes nowhere.
    if (isUndeliverableAddress(input.to)) return { output: { messageId: '' } }
    const mail = renderTemplate(input.template, input.context ?? {}, langOf(input.lang))
    const attachments = await makeAttachments(input.attachments, req)
    try {
      const info = (await req.payload.sendEmail({ to: input.to, subject: mail.subject, html: mail.html, text: mail.text, headers: input.headers, attachments })) as { messageId?: string }
      return { output: { messageId: String(info?.messageId ?? '') } }
    } catch (err) {
      throw new Error(`e-mail "${input.template}" to ${input.to} not sent: ${describeMailError(err)}`)
    }
  },
}
