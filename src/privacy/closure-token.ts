/**
 * The token in the "confirm closing your account" link: the user id, the moment the closure was asked
 * for and an expiry (24 hours), signed with an HMAC of the server secret — the approach of the
 * e-mail-change link (collections/Users/email-change-token.ts) under a key of its own. Single use:
 * the moment must equal the account's closureRequestedAt and the account must still be open, so a
 * used link, or one replaced by a newer request, is refused.
 */
import crypto from 'node:crypto'

import type { Id } from '@/domain/documents'

export const CLOSURE_LINK_TTL_MS = 24 * 60 * 60 * 1000

const key = (secret: string) => crypto.createHash('sha256').update(`pumotix-account-closure:${secret}`).digest()

export function signClosure(secret: string, userId: Id, requestedAt: string): string {
  const expires = new Date(requestedAt).getTime() + CLOSURE_LINK_TTL_MS
  const body = Buffer.from(JSON.stringify({ u: String(userId), r: requestedAt, x: expires })).toString('base64url')
  const sig = crypto.createHmac('sha256', key(secret)).update(body).digest('base64url')
  return `${body}.${sig}`
}

/** The account and request a token was made for, or null when it is malformed, forged or expired. */
export function verifyClosure(secret: string, token: unknown, now = Date.now()): { userId: string; requestedAt: string } | null {
  if (typeof token !== 'string' || token.length > 1000) return null
  const [body, sig, extra] = token.split('.')
  if (!body || !sig || extra !== undefined) return null
  const expected = crypto.createHmac('sha256', key(secret)).update(body).digest()
  const given = Buffer.from(sig, 'base64url')
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null
  try {
    const data = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
    if (typeof data.u !== 'string' || typeof data.r !== 'string' || typeof data.x !== 'number' || data.x < now) return null
    return { userId: data.u, requestedAt: data.r }
  } catch {
    return null
  }
}
