/**
 * One-click unsubscribe tokens: the user id and an HMAC-SHA256 of it under a key derived from
 * PAYLOAD_SECRET, so the link works without logging in and cannot be forged for another user.
 * Tokens do not expire (an unsubscribe link must keep working); rotating PAYLOAD_SECRET revokes them.
 */
import crypto from 'node:crypto'

import { serverURL } from '@/config/env'
import { payloadSecret } from '@/config/secrets'

const PURPOSE = 'pumotix/news-unsubscribe/v1'

const key = () => crypto.createHmac('sha256', payloadSecret()).update(PURPOSE).digest()

const mac = (userId: string) => crypto.createHmac('sha256', key()).update(`unsubscribe:${userId}`).digest('base64url')

export function unsubscribeToken(userId: string | number): string {
  const id = String(userId)
  return `${Buffer.from(id).toString('base64url')}.${mac(id)}`
}

/** The user id a token was made for, or null when the token is malformed or forged. */
export function verifyUnsubscribeToken(token: unknown): string | null {
  if (typeof token !== 'string' || token.length > 300) return null
  const [encodedId, signature, extra] = token.split('.')
  if (!encodedId || !signature || extra !== undefined) return null
  const id = Buffer.from(encodedId, 'base64url').toString('utf8')
  if (!id || !/^[A-Za-z0-9_-]{1,64}$/.test(id)) return null
  const expected = Buffer.from(mac(id))
  const given = Buffer.from(signature)
  return expected.length === given.length && crypto.timingSafeEqual(expected, given) ? id : null
}

/** The one-click POST target (RFC 8058) that mail clients call; a GET redirects to the confirmation page. */
export const unsubscribeApiUrl = (userId: string | number, base = serverURL()) =>
  `${base}/api/users/unsubscribe?token=${encodeURIComponent(unsubscribeToken(userId))}`

/** The page a person opens from the e-mail: it asks for confirmation, then posts to the API. */
export const unsubscribePageUrl = (userId: string | number, base = serverURL()) =>
  `${base}/unsubscribe?token=${encodeURIComponent(unsubscribeToken(userId))}`

/** The List-Unsubscribe headers of a news mail. */
export const unsubscribeHeaders = (userId: string | number, base = serverURL()) => ({
  'List-Unsubscribe': `<${unsubscribeApiUrl(userId, base)}>`,
  'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
})
