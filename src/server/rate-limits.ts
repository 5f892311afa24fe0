import type { Express, Request } from 'express'
import { ipKeyGenerator, rateLimit } from 'express-rate-limit'

import { numberSetting } from '../config/env'

/**
 * Payload 3 has no rate limiter of its own; these guard the endpoints that attract guessing and abuse.
 * Limits are per client address (behind a proxy set TRUST_PROXY so the address is the client's).
 */
function limiter(name: string, defaultLimit: number, windowMinutes: number) {
  const limit = numberSetting(`RATE_LIMIT_${name}`, defaultLimit)
  return rateLimit({
    windowMs: windowMinutes * 60_000,
    limit,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req: Request) => ipKeyGenerator(req.ip ?? 'unknown'),
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

export function applyRateLimits(app: Express): void {
  app.post('/api/users/login', limiter('LOGIN', 20, 5))
  app.post('/api/users', limiter('REGISTER', 10, 15))
  app.post('/api/users/forgot-password', limiter('FORGOT_PASSWORD', 5, 15))
  app.post('/api/controllers/claim', limiter('CLAIM', 30, 15))
}
