/**
 * The token in the "confirm your new e-mail address" link: the user id, the new address and an
 * expiry (24 hours), a signed link token (src/domain/link-token.ts). It is single-use because
 * confirming clears the user's pendingEmail, which the token must match.
 */
import { signLinkToken, verifyLinkToken } from '@/domain/link-token'

const TTL_MS = 24 * 60 * 60 * 1000
const PURPOSE = 'pumotix-email-change'

export function signEmailChange(secret: string, userId: string | number, email: string, now = Date.now()): string {
  return signLinkToken(PURPOSE, secret, { u: String(userId), e: email }, now + TTL_MS)
}

export function verifyEmailChange(secret: string, token: unknown, now = Date.now()): { userId: string; email: string } | null {
  const claim = verifyLinkToken(PURPOSE, secret, token, ['u', 'e'], now)
  return claim && { userId: claim.u, email: claim.e }
}
