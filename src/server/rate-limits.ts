import type { Express, Request } from 'express'
import { ipKeyGenerator, rateLimit } from 'express-rate-limit'
import type { Payload } from 'payload'

import { numberSetting } from '@/config/env'
import { rateLimitStoreKind } from '@/config/shared-state'
import { databaseKindOf } from '@/db/raw'
import { DatabaseStore } from './rate-limit-store'

/**
 * Payload 3 has no rate limiter of its own; these guard the endpoints that attract guessing and abuse.
 * Limits are per client address (behind a proxy set TRUST_PROXY so the address is the client's).
 * RATE_LIMIT_STORE=database counts in the database, shared by every app instance (the default on
 * MongoDB or with WEB_CONCURRENCY > 1; see rate-limit-store.ts); memory counts in this process.
 */
function limiter(payload: Payload, name: string, defaultLimit: number, windowMinutes: number) {
  const limit = numberSetting(`RATE_LIMIT_${name}`, defaultLimit)
  const shared = rateLimitStoreKind(databaseKindOf(payload.db)) === 'database'
  return rateLimit({
    windowMs: windowMinutes * 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req: Request) => ipKeyGenerator(req.ip ?? 'unknown'),
    ...(shared ? { store: new DatabaseStore(payload, `${name.toLowerCase()}:`) } : {}),
    handler: (_req, res, _next, options) => {
      res.status(options.statusCode).json({
        errors: [
          {
            message: `Too many attempts. Please wait ${windowMinutes} minute${windowMinutes === 1 ? '' : 's'} and try again.`,
          },
        ],
      })
    },
  })
}

export function applyRateLimits(app: Express, payload: Payload): void {
  app.post('/api/users/login', limiter(payload, 'LOGIN', 20, 5))
  app.post('/api/users', limiter(payload, 'REGISTER', 10, 15))
  app.post('/api/users/forgot-password', limiter(payload, 'FORGOT_PASSWORD', 5, 15))
  app.post('/api/controllers/claim', limiter(payload, 'CLAIM', 30, 15))
}
