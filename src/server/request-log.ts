import type { NextFunction, Request, Response } from 'express'
import type { Payload } from 'payload'

/** One log line per request through Payload's logger (static assets at debug level). */
export function requestLog(payload: Payload) {
  return (req: Request, res: Response, next: NextFunction) => {
    const start = process.hrtime.bigint()
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - start) / 1e6
      const entry = { method: req.method, url: req.originalUrl.split('?')[0], status: res.statusCode, ms: Math.round(ms * 10) / 10 }
      if (req.path.startsWith('/_next/') || req.path === '/healthz') payload.logger.debug(entry, 'request')
      else if (res.statusCode >= 500) payload.logger.error(entry, 'request')
      else payload.logger.info(entry, 'request')
    })
    next()
  }
}
