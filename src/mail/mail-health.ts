/**
 * Whether the configured SMTP server answers at all (connect + EHLO), cached briefly. Used where the
 * mail is the point of the request (forgot password): an outage is reported to everybody alike, so the
 * answer never tells whether an address has an account. Without SMTP_URL mail goes to files: always up.
 */
import type { Transporter } from 'nodemailer'

import { smtpUrl } from '@/config/mail'

import { createMailTransport } from './transport'

const TTL_MS = 10_000
let cached: { at: number; up: Promise<boolean> } | null = null
let transport: Transporter | null = null

export function mailServerUp(now = Date.now()): Promise<boolean> {
  if (!smtpUrl()) return Promise.resolve(true)
  if (cached && now - cached.at < TTL_MS) return cached.up
  transport ??= createMailTransport()
  const up = Promise.race([
    transport.verify().then(
      () => true,
      () => false,
    ),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 5_000).unref()),
  ])
  cached = { at: now, up }
  return up
}
