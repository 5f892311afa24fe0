/**
 * The token in the "confirm closing your account" link: the user id, the moment the closure was asked
 * for and an expiry (24 hours), a signed link token (src/domain/link-token.ts) under a purpose of its
 * own. Single use: the moment must equal the account's closureRequestedAt and the account must still
 * be open, so a used link, or one replaced by a newer request, is refused.
 */
import type { Id } from '@/domain/documents'
import { signLinkToken, verifyLinkToken } from '@/domain/link-token'

export const CLOSURE_LINK_TTL_MS = 24 * 60 * 60 * 1000
const PURPOSE = 'pumotix-account-closure'

export function signClosure(secret: string, userId: Id, requestedAt: string): string {
  return signLinkToken(PURPOSE, secret, { u: String(userId), r: requestedAt }, new Date(requestedAt).getTime() + CLOSURE_LINK_TTL_MS)
}

/** The account and request a token was made for, or null when it is malformed, forged or expired. */
export function verifyClosure(secret: string, token: unknown, now = Date.now()): { userId: string; requestedAt: string } | null {
  const claim = verifyLinkToken(PURPOSE, secret, token, ['u', 'r'], now)
  return claim && { userId: claim.u, requestedAt: claim.r }
}
