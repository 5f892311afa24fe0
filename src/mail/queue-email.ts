/**
 * The one way the product sends a transactional e-mail: by template name, recipient, language and
 * context. A failing mail server never fails the request that triggered the mail.
 * (To become a persistent, retried job on Payload's jobs queue — see the news and e-mail issue.)
 */
import type { Payload } from 'payload'

import type { Lang } from '../../templates/types'

export interface EmailMessage {
  template: string
  to: string
  lang: Lang
  context: Record<string, unknown>
}

export async function queueEmail(payload: Payload, message: EmailMessage): Promise<void> {
  try {
    const { renderTemplate } = await import('../../templates')
    const mail = renderTemplate(message.template, message.context, message.lang)
    await payload.sendEmail({ to: message.to, subject: mail.subject, html: mail.html, text: mail.text })
  } catch (err) {
    payload.logger.error({ err, template: message.template, to: message.to }, 'could not send e-mail')
  }
}
