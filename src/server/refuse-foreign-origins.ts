/**
 * A page opened at an address the server does not serve gets a clear 403 instead of a request that
 * silently loses its session.
 *
 * Payload takes the session cookie only from pages of its CSRF allow-list (payload/dist/auth/
 * extractJWT.js): with an Origin header that is not on the list, or without Origin on a request the
 * browser marks cross-site (Sec-Fetch-Site), it ignores the cookie and the request runs as anonymous —
 * a logged-in customer on such a page sees "Please log in first." and the portal "Your session has
 * ended". This middleware detects that case before Payload, with the same list and the same rules,
 * and answers 403 naming the address to open. It never lets through what Payload would refuse: the
 * protection against other sites is unchanged, only the answer says what happened.
 *
 * A login (or another request that starts a session) from a foreign Origin is refused the same way,
 * even without a cookie: the session it would open is one this page could not use.
 */
import type { NextFunction, Request, Response } from 'express'

import { identityOf, type Operation } from './request-identity'

/** Requests that start a session (they set the cookie rather than carry it). */
const STARTS_SESSION = new Set<Operation | null>(['login', 'verifyAndLogin', 'resetPassword'])
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])
/** The Sec-Fetch-Site values for which Payload takes the cookie of a request without Origin. */
const SITE_TRUSTED_BY_PAYLOAD = new Set(['same-origin', 'same-site', 'none'])

export interface OriginRules {
  /** Payload's CSRF allow-list (payload.config.csrf), compared as Payload does: exact strings. */
  allowed: readonly string[]
  /** The session cookie's name (`${cookiePrefix}-token`). */
  cookieName: string
}

function hasCookie(header: string | undefined, name: string): boolean {
  if (!header) return false
  return header.split(';').some((part) => {
    const eq = part.indexOf('=')
    return eq > 0 && part.slice(0, eq).trim() === name && part.slice(eq + 1).trim() !== ''
  })
}

function originOf(url: string): string | null {
  try {
    const origin = new URL(url).origin
    return origin === 'null' ? null : origin
  } catch {
    return null
  }
}

/** What the origin check needs of a request: its effective method and operation (request-identity.ts), its headers. */
export interface OriginCheckedRequest {
  method: string
  operation: Operation | null
  headers: Request['headers']
}

/**
 * The address of the page a request came from when Payload would not take its session (or when it
 * would start a session for a foreign page); null when the request may go on.
 */
export function foreignPageOf(req: OriginCheckedRequest, { allowed, cookieName }: OriginRules): string | null {
  if (allowed.length === 0) return null // no allow-list: Payload takes every cookie
  const session = hasCookie(req.headers.cookie, cookieName)
  const origin = req.headers.origin
  if (typeof origin === 'string') {
    if (allowed.includes(origin)) return null
    return session || STARTS_SESSION.has(req.operation) ? origin : null
  }
  // Without Origin, Payload trusts Sec-Fetch-Site. A page navigation from another site (a link in a
  // webmail) is a safe request and keeps working as before; a state-changing request it would lose
  // the cookie of is named by its Referer when that is a foreign page.
  if (!session || SAFE_METHODS.has(req.method)) return null
  const site = req.headers['sec-fetch-site']
  if (typeof site === 'string' && SITE_TRUSTED_BY_PAYLOAD.has(site)) return null
  const referer = typeof req.headers.referer === 'string' ? originOf(req.headers.referer) : null
  return referer && !allowed.includes(referer) ? referer : null
}

/** The message of the 403: where the page was opened, and the address to open instead. */
export function foreignPageMessage(page: string, openAt: string): string {
  const where = page === 'null' ? '' : ` (${page})`
  return `This page was opened at an address the server does not serve${where}: open ${openAt} and try again.`
}

export function refuseForeignOrigins(rules: () => OriginRules, openAt: () => string) {
  return (req: Request, res: Response, next: NextFunction) => {
    const { method, operation } = identityOf(req)
    const page = foreignPageOf({ method, operation, headers: req.headers }, rules())
    if (page === null) return next()
    const url = openAt()
    res.status(403).json({ errors: [{ message: foreignPageMessage(page, url), data: { openAt: url } }] })
  }
}
