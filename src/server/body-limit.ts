/**
 * Request body size limits for /api, enforced before a request reaches Next.js or Payload (neither
 * limits REST bodies). A declared Content-Length over the limit is refused at once; a chunked body
 * (no Content-Length) is held back until it is complete — counted chunk by chunk as the HTTP parser
 * delivers it — and refused as soon as it passes the limit, so the handler never sees part of it.
 *
 *   BODY_LIMIT_BYTES        every /api request body (JSON, forms)      default 1 MB
 *   IMPORT_BODY_LIMIT_BYTES /api/controllers/import (CSV, 2 MB itself)  default 3 MB
 *   UPLOAD_BODY_LIMIT_BYTES /api/media (image uploads)                  default 20 MB
 */
import type { IncomingMessage } from 'node:http'
import type { NextFunction, Request, Response } from 'express'

import { numberSetting } from '@/config/env'
import { identityOf } from './request-identity'

const MB = 1024 * 1024

export interface BodyLimits {
  api: number
  import: number
  upload: number
}

export function configuredBodyLimits(): BodyLimits {
  return {
    api: numberSetting('BODY_LIMIT_BYTES', 1 * MB),
    import: numberSetting('IMPORT_BODY_LIMIT_BYTES', 3 * MB),
    upload: numberSetting('UPLOAD_BODY_LIMIT_BYTES', 20 * MB),
  }
}

/**
 * The limit for a request's canonical path (src/server/request-identity.ts), or null when bodies there
 * are not limited here (pages: Next.js limits server actions).
 */
export function limitFor(path: string, limits: BodyLimits): number | null {
  if (path === '/api/media' || path.startsWith('/api/media/')) return limits.upload
  if (path === '/api/controllers/import') return limits.import
  if (path === '/api' || path.startsWith('/api/')) return limits.api
  return null
}

const describe = (bytes: number) => (bytes >= MB && bytes % MB === 0 ? `${bytes / MB} MB` : bytes >= 1024 ? `${Math.round(bytes / 1024)} KB` : `${bytes} bytes`)

function refuse(res: Response, limit: number) {
  if (res.headersSent) return
  // The rest of an oversized body is not worth reading: answer, then close the connection.
  res.setHeader('connection', 'close')
  res.status(413).json({ errors: [{ message: `The request body is too large: at most ${describe(limit)} is accepted here.` }] })
}

type PushFn = IncomingMessage['push']

/**
 * Holds a chunked body's chunks (as the parser pushes them) until the body ends (→ `done(true)`, the
 * chunks are put back into the stream in order) or passes `limit` bytes (→ `done(false)`, the rest is discarded).
 */
function holdBody(req: IncomingMessage, limit: number, done: (withinLimit: boolean) => void) {
  // Node's stream state is not in its types; `ended` says the parser has pushed the whole body.
  const state = (req as unknown as { _readableState?: { ended?: boolean } })._readableState
  let size = req.readableLength // chunks that arrived with the headers are already buffered
  if (size > limit) return done(false)
  if (state?.ended) return done(true)
  const push: PushFn = req.push
  const held: Buffer[] = []
  let over = false
  req.push = function holdingPush(chunk: unknown, encoding?: BufferEncoding) {
    if (over) return true // discarded
    if (chunk === null) {
      req.push = push
      for (const c of held) push.call(req, c)
      const result = push.call(req, null)
      done(true)
      return result
    }
    const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, encoding)
    size += buf.length
    if (size > limit) {
      over = true
      held.length = 0
      done(false)
      return true
    }
    held.push(buf)
    return true
  } as PushFn
}

export function bodyLimit(limits: BodyLimits = configuredBodyLimits()) {
  return (req: Request, res: Response, next: NextFunction) => {
    // The wire method says whether a body is read: a POST with a GET override still carries one (Payload parses it).
    const { wireMethod, path } = identityOf(req)
    if (wireMethod === 'GET' || wireMethod === 'HEAD' || wireMethod === 'OPTIONS') return next()
    const limit = limitFor(path, limits)
    if (limit === null) return next()
    const declared = req.headers['content-length']
    if (declared !== undefined) {
      const n = Number(declared)
      return Number.isFinite(n) && n > limit ? refuse(res, limit) : next()
    }
    if (!req.headers['transfer-encoding']) return next() // no body
    // Called from inside the HTTP parser's callbacks: continue on the next tick, outside them.
    holdBody(req, limit, (withinLimit) => process.nextTick(() => (withinLimit ? next() : refuse(res, limit))))
  }
}
