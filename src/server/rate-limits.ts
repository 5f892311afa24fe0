import type { Express, Request } from 'express'
import { ipKeyGenerator, rateLimit, type AugmentedRequest } from 'express-rate-limit'
import type { Payload } from 'payload'

import { addressLimit, type LimitedEndpoint } from '@/config/rate-limits'
import { rateLimitStoreKind } from '@/config/shared-state'
import { databaseKindOf } from '@/db/raw'
import { DatabaseStore } from './rate-limit-store'
import { forOperation } from './request-identity'

/** "in 4 minutes" until `resetTime` (at least a minute; the window's length when unknown). */
export function minutesUntil(resetTime: Date | undefined, windowMinutes: number, now = Date.now()): string {
  const minutes = resetTime ? Math.max(1, Math.ceil((resetTime.getTime() - now) / 60_000)) : windowMinutes
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`
}

/**
 * Payload 3 has no rate limiter of its own; these guard the endpoints that attract guessing and abuse.
 * Limits are per client address (behind a proxy set TRUST_PROXY so the address is the client's).
 * Logins count only failures: people behind one address (an office, a demo) may log in as often as
 * they like, guessing stays limited; the per-account limit is Payload's lockout (src/config/rate-limits.ts,
 * collections/Users/endpoints/login.ts). A 429 says when to try again (message and Retry-After).
 * RATE_LIMIT_STORE=database counts in the database, shared by every app instance (the default on
 * MongoDB or with WEB_CONCURRENCY > 1; see rate-limit-store.ts); memory counts in this process.
 */
function limiter(payload: Payload, name: LimitedEndpoint, what: string) {
  const { limit, windowMinutes, failuresOnly } = addressLimit(name)
  const shared = rateLimitStoreKind(databaseKindOf(payload.db)) === 'database'
  return rateLimit({
    windowMs: windowMinutes * 60_000,
    limit,
    // The hit is counted when the request arrives and taken back (store.decrement) when it succeeds.
    skipSuccessfulRequests: failuresOnly,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req: Request) => ipKeyGenerator(req.ip ?? 'unknown'),
    ...(shared ? { store: new DatabaseStore(payload, `${name.toLowerCase()}:`) } : {}),
    // express-rate-limit has set req.rateLimit (its AugmentedRequest) before it calls the handler.
    handler: (req, res, _next, options) => {
      res.status(options.statusCode).json({
        errors: [{ message: `${what} Please try again ${minutesUntil((req as AugmentedRequest).rateLimit?.resetTime, windowMinutes)}.` }],
      })
    },
  })
}

/**
 * Each limit keys on the request's identity (src/server/request-identity.ts: effective method and
 * canonical path), not on express's matching of the raw path: every spelling Payload routes to an
 * endpoint counts against its limit, and the admin's reads (a POST with a GET method override) are
 * reads, not registrations.
 */
export function applyRateLimits(app: Express, payload: Payload): void {
  app.use(forOperation('login', limiter(payload, 'LOGIN', 'Too many failed logins from your network address.')))
  app.use(forOperation('register', limiter(payload, 'REGISTER', 'Too many attempts.')))
  app.use(forOperation('forgotPassword', limiter(payload, 'FORGOT_PASSWORD', 'Too many attempts.')))
  app.use(forOperation('claim', limiter(payload, 'CLAIM', 'Too many attempts.')))
  app.use(forOperation('exportAccount', limiter(payload, 'EXPORT', 'Too many data exports from your network address.')))
  app.use(forOperation('requestClosure', limiter(payload, 'CLOSURE', 'Too many requests to close an account.')))
}
