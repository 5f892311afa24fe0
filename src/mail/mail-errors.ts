/** What went wrong when a message could not be handed to the mail server, in terms callers can act on. */
import { APIError } from 'payload'

type SmtpLikeError = Error & { code?: string; responseCode?: number; response?: string; command?: string }

/**
 * Thrown by the transport when the mail server cannot take a message. An APIError with status 503
 * and a public message, so a request that sends mail directly (forgot password) answers clearly.
 */
export class MailServiceUnavailable extends APIError {
  readonly responseCode?: number
  readonly smtpCode?: string
  readonly detail: string
  constructor(cause: SmtpLikeError) {
    super('The e-mail service is unavailable right now, so the message could not be sent. Please try again in a few minutes.', 503, undefined, true)
    this.name = 'MailServiceUnavailable'
    this.responseCode = cause.responseCode
    this.smtpCode = cause.code
    this.detail = `${cause.code ?? 'ERROR'}${cause.responseCode ? ` ${cause.responseCode}` : ''}: ${cause.response ?? cause.message}`
    this.cause = cause
  }
}

/** A 5xx answer to one recipient (mailbox unknown, refused): retrying will not help, unlike 4xx or a dead server. */
export function isPermanentRejection(err: unknown): boolean {
  const e = err as SmtpLikeError & { smtpCode?: string }
  const code = e?.responseCode
  const envelope = e?.smtpCode === 'EENVELOPE' || e?.code === 'EENVELOPE'
  return envelope && typeof code === 'number' && code >= 500 && code < 600
}

export const describeMailError = (err: unknown): string =>
  err instanceof MailServiceUnavailable ? err.detail : err instanceof Error ? err.message : String(err)
