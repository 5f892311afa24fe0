/** Settings of outgoing mail (the transport itself is built in src/mail/transport.ts). */
import { numberSetting } from './env'

/** SMTP_URL; null: mail is written to DATA_DIR/mail as .eml files. */
export const smtpUrl = () => process.env.SMTP_URL?.trim() || null

export const smtpMaxConnections = () => numberSetting('SMTP_MAX_CONNECTIONS', 10)

/** MAIL_FROM as an address and a display name. */
export function mailFrom(): { address: string; name: string } {
  const raw = process.env.MAIL_FROM?.trim() || 'PUMOTIX <no-reply@pumotix.local>'
  const m = raw.match(/^\s*(.*?)\s*<([^>]+)>\s*$/)
  return m ? { name: m[1] || 'PUMOTIX', address: m[2] } : { name: 'PUMOTIX', address: raw }
}

/** MAIL_RETRY_ATTEMPTS / MAIL_RETRY_DELAY_MS: retries of a failed mail job, with exponential backoff. */
export const mailRetry = () => ({ attempts: numberSetting('MAIL_RETRY_ATTEMPTS', 6), delayMs: numberSetting('MAIL_RETRY_DELAY_MS', 30_000) })

/** BILL_PDF_FONT / BILL_PDF_FONT_BOLD: a TTF for bill PDFs; "builtin" forces Helvetica; null: not set. */
export function billPdfFont(bold: boolean): string | null | 'builtin' {
  if (process.env.BILL_PDF_FONT === 'builtin') return 'builtin'
  return process.env[bold ? 'BILL_PDF_FONT_BOLD' : 'BILL_PDF_FONT'] || null
}
