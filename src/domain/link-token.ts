/**
 * Tokens for links in e-mails that act without a login (confirm a new e-mail address, close an
 * account): a JSON claim with its expiry `x` (ms since 1970), base64url, then "." and an HMAC-SHA256
 * of that text under a key derived from the server secret and the link's purpose, so a token made for
 * one purpose is refused by another. Single use is the caller's check against the stored state.
 */
import crypto from 'node:crypto'

const MAX_TOKEN_LENGTH = 1000

const key = (purpose: string, secret: string) => crypto.createHash('sha256').update(`${purpose}:${secret}`).digest()

/** `claim`'s members are written in their order, then `x`. */
export function signLinkToken(purpose: string, secret: string, claim: Record<string, string>, expiresAt: number): string {
  const body = Buffer.from(JSON.stringify({ ...claim, x: expiresAt })).toString('base64url')
  const sig = crypto.createHmac('sha256', key(purpose, secret)).update(body).digest('base64url')
  return `${body}.${sig}`
}

/** The claim's `fields` (each a string), or null when the token is malformed, forged, for another purpose or expired. */
export function verifyLinkToken<K extends string>(purpose: string, secret: string, token: unknown, fields: readonly K[], now = Date.now()): Record<K, string> | null {
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return null
  const [body, sig, extra] = token.split('.')
  if (!body || !sig || extra !== undefined) return null
  const expected = crypto.createHmac('sha256', key(purpose, secret)).update(body).digest()
  const given = Buffer.from(sig, 'base64url')
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return null
  let data: unknown
  try {
    data = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'))
  } catch {
    return null
  }
  if (typeof data !== 'object' || data === null) return null
  const record = data as Record<string, unknown> // a parsed JSON object; every member used is checked below
  if (typeof record.x !== 'number' || record.x < now) return null
  const claim = {} as Record<K, string> // every key is set in the loop below, or null is returned
  for (const f of fields) {
    const v = record[f]
    if (typeof v !== 'string') return null
    claim[f] = v
  }
  return claim
}
