/**
 * A request that presents a JWT in its Authorization header (`JWT …` or `Bearer …`) that is not
 * genuine or has expired gets 401 with a clear message, instead of Payload's silent fall-back to
 * "anonymous" (which answers 403, or 200 with `user: null`, and looks like a permissions problem).
 * Only the signature (HS256 with Payload's secret) and the expiry are checked here; Payload still
 * authenticates every request itself (user exists, session still open). Cookies are left to Payload:
 * a stale cookie must not stop anyone from logging in again.
 */
import crypto from 'node:crypto'
import type { NextFunction, Request, Response } from 'express'

import { identityOf, OPERATIONS } from './request-identity'

const b64json = (part: string) => JSON.parse(Buffer.from(part, 'base64url').toString('utf8'))

/** True when `token` is a well-formed HS256 JWT signed with `secret` and not expired at `now` (ms). */
export function isGenuineJwt(token: string, secret: string, now = Date.now()): boolean {
  const parts = token.split('.')
  if (parts.length !== 3 || !parts[2]) return false
  try {
    const header = b64json(parts[0])
    if (header?.alg !== 'HS256') return false
    const expected = crypto.createHmac('sha256', new TextEncoder().encode(secret)).update(`${parts[0]}.${parts[1]}`).digest()
    const given = Buffer.from(parts[2], 'base64url')
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) return false
    const claims = b64json(parts[1])
    return typeof claims?.exp !== 'number' || claims.exp * 1000 > now
  } catch {
    return false
  }
}

/** Paths (canonical, any method) where an old token must never be in the way: logging in (again) and out. */
const EXEMPT = new Set<string>([OPERATIONS.login.path, OPERATIONS.logout.path])

export function rejectInvalidTokens(secret: () => string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const { api, path } = identityOf(req)
    if (!api || EXEMPT.has(path)) return next()
    const m = /^(JWT|Bearer) (.+)$/.exec(req.headers.authorization ?? '')
    if (!m || isGenuineJwt(m[2].trim(), secret())) return next()
    res.status(401).json({ errors: [{ message: 'Your session token is invalid or has expired. Please log in again.' }] })
  }
}
