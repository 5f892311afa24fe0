/**
 * The token in the "confirm your new e-mail address" link: the user id, the new address and an
 * expiry, signed with an HMAC of the server secret. It is single-use because confirming clears the
 * user's pendingEmail, which the token must match.
 */
import crypto from 'node:crypto'

const TTL_MS = 24 * 60 * 60 * 1000

const key = (secret: string) => crypto.createHash('sha256').update(`pumotix-email-change:${secret}`).digest()

export function signEmailChange(secret: string, userId: string | number, email: string, now = Date.now()): string {
  const body = Buffer.from(JSON.stringify({ u: String(userId), e: email, x: now + TTL_MS })).toString('base64url')
  const sig = crypto.createHmac('sha256', key(secret)).update(body).digest('base64url')
  return `${body}.${sig}`
}

export function verifyEmailChange(secret: string, token: unknown, now = Date.now()): { userId: string; email: string } | null {
  if (typeof token !== 'string' || token.length > 1000) return null
  const [body, sig, extra] = token.split('.')
  if (!body || !sig || extra !== undefined) return null
  const expected = crypto.createHmac('sha256', key(secret)).update(body).digest()
  const given = Buffer.from(sig, 'base64url')
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null
  try {
    const data = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
    if (typeof data.u !== 'string' || typeof data.e !== 'string' || typeof data.x !== 'number' || data.x < now) return null
    return { userId: data.u, email: data.e }
  } catch {
    return null
  }
}
