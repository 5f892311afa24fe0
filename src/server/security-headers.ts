import crypto from 'node:crypto'
import type { IncomingMessage, ServerResponse } from 'node:http'
import type { NextFunction, Request, Response } from 'express'
import helmet from 'helmet'

/** The nonce of each response's Content-Security-Policy (one per request, never reused). */
const nonces = new WeakMap<ServerResponse, string>()

/**
 * Security headers for every response. The CSP allows scripts only from this origin and inline
 * scripts only with the response's nonce — no 'unsafe-inline' for scripts. Next.js takes the nonce for
 * its own inline and bootstrap scripts from the request's Content-Security-Policy header
 * (next/dist/server/app-render/get-script-nonce-from-header.js), so the header is set on the request
 * here, replacing any the client sent; the portal's and the admin's pages are rendered per request
 * (force-dynamic, cookies), so every page gets its nonce. Styles keep 'unsafe-inline' (Next.js and
 * Payload's admin set inline styles); same-origin frames serve live preview; nothing from other origins.
 */
export function securityHeaders({ dev, https }: { dev: boolean; https: boolean }) {
  const headers = helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'", (_req: IncomingMessage, res: ServerResponse) => `'nonce-${nonces.get(res)}'`, ...(dev ? ["'unsafe-eval'"] : [])],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:', 'blob:'],
        fontSrc: ["'self'", 'data:'],
        connectSrc: ["'self'", ...(dev ? ['ws:', 'wss:'] : [])],
        frameSrc: ["'self'"],
        frameAncestors: ["'self'"],
        formAction: ["'self'"],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        workerSrc: ["'self'", 'blob:'],
      },
    },
    crossOriginEmbedderPolicy: false,
    // HSTS only means something on a site served over HTTPS.
    strictTransportSecurity: https ? { maxAge: 15552000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'strict-origin-when-cross-origin' },
  })
  return (req: Request, res: Response, next: NextFunction) => {
    const nonce = crypto.randomBytes(16).toString('base64')
    nonces.set(res, nonce)
    // What Next.js reads the nonce from; a policy the client sent must not choose it.
    req.headers['content-security-policy'] = `script-src 'nonce-${nonce}'`
    delete req.headers['content-security-policy-report-only']
    headers(req, res, next)
  }
}
