/**
 * The express server in front of Next.js (Payload's custom-server pattern): the request's identity
 * (src/server/request-identity.ts, decided first, used by every layer after it), security headers,
 * health and readiness probes, a clear refusal of pages opened at an address it does not serve, rate
 * limits, request logging and graceful shutdown, then Payload's REST API (src/server/api-handler.ts)
 * for /api and Next.js (portal and admin pages) for the rest.
 */
import type { Server } from 'node:http'
import express from 'express'
import next from 'next'
import { getPayload, type Payload } from 'payload'

import config from '@payload-config'
import { allowedOrigins, port as configuredPort, projectRoot, serverURL, serverURLConfigured } from '@/config/env'
import { jobsInProcess, trustProxy } from '@/config/server'
import { startJobRunner } from '@/jobs/runner'
import { onServerStart } from '@/startup'
import { apiHandler } from './api-handler'
import { bodyLimit } from './body-limit'
import { stampClientAddress } from './client-address'
import { forgotPasswordWithoutTelling } from './forgot-password'
import { databaseReachable } from '@/db/ping'
import { applyRateLimits } from './rate-limits'
import { refuseForeignOrigins } from './refuse-foreign-origins'
import { rejectInvalidTokens } from './reject-invalid-tokens'
import { forOperation, identityOf, refuseUnclearRequests, requestIdentity } from './request-identity'
import { requestLog } from './request-log'
import { securityHeaders } from './security-headers'

export interface StartOptions {
  port?: number
  dev?: boolean
  /** Seed the demo data when the database has no users (local runs only, never in production). */
  seedIfEmpty?: boolean
  /** Print the portal and admin URLs and the demo accounts. */
  announce?: boolean
  /** Serve only Payload's REST API (no Next.js pages): workers, benchmarks, integration tests. */
  apiOnly?: boolean
  /** Run the background jobs in this process (default: yes, unless JOBS_IN_PROCESS=false). */
  runJobs?: boolean
}

export interface RunningServer {
  payload: Payload
  http: Server
  url: string
  close: () => Promise<void>
}

/** The express app: our middleware first, then `fallback` (Next.js, or the bare REST API). */
export function createApp(
  payload: Payload,
  { dev, state, fallback }: { dev: boolean; state: { shuttingDown: boolean }; fallback: express.RequestHandler },
): express.Express {
  const app = express()
  app.disable('x-powered-by')
  const proxy = trustProxy()
  if (proxy !== null) app.set('trust proxy', proxy)
  // First: what operation this request is (canonical path, effective method). Every layer below keys on it.
  app.use(requestIdentity())
  app.use(requestLog(payload))
  app.use(stampClientAddress)
  app.use(securityHeaders({ dev, https: serverURL().startsWith('https:') }))
  app.use(refuseUnclearRequests())
  app.get('/healthz', (_req, res) => {
    res.status(200).json({ status: 'ok' })
  })
  app.get('/readyz', async (_req, res) => {
    if (state.shuttingDown) return void res.status(503).json({ status: 'shutting down' })
    const ok = await databaseReachable(payload)
    res.status(ok ? 200 : 503).json(ok ? { status: 'ready', database: 'reachable' } : { status: 'not ready', database: 'unreachable' })
  })
  app.use(refuseForeignOrigins(() => ({ allowed: payload.config.csrf, cookieName: `${payload.config.cookiePrefix}-token` }), serverURL))
  applyRateLimits(app, payload)
  app.use(bodyLimit())
  app.use(rejectInvalidTokens(() => payload.secret))
  app.use(forOperation('forgotPassword', forgotPasswordWithoutTelling(payload)))
  app.use(fallback)
  return app
}

/**
 * Payload's REST API is answered by the API handler in every mode, for every canonical /api path
 * (src/server/request-identity.ts); Next.js has no route under /api. (Its catch-all REST route,
 * GraphQL — off in payload.config.ts — and the admin's Open Graph image route are gone: the image
 * never worked behind this server, as Payload adds that endpoint only to Next's copy of the config,
 * and the admin no longer links to it.)
 */
export function servedByApiHandler(path: string): boolean {
  return path === '/api' || path.startsWith('/api/')
}

export async function startServer(options: StartOptions = {}): Promise<RunningServer> {
  const dev = options.dev ?? false
  const port = options.port ?? configuredPort()
  const payload = await getPayload({ config })

  await onServerStart(payload, { seedDemo: options.seedIfEmpty ?? false })

  const nextApp = options.apiOnly ? undefined : next({ dev, dir: projectRoot, hostname: 'localhost', port })
  await nextApp?.prepare()
  const state = { shuttingDown: false }
  const api = apiHandler(payload)
  const pages = nextApp?.getRequestHandler()
  const app = createApp(payload, { dev, state, fallback: (req, res) => (pages && !servedByApiHandler(identityOf(req).path) ? pages(req, res) : api(req, res)) })

  // Background jobs (e-mail, news fan-out, scheduled publishing) run here unless a separate worker runs them.
  const runJobs = options.runJobs !== false && jobsInProcess()
  const stopJobs = runJobs ? startJobRunner(payload) : undefined

  const http = await new Promise<Server>((resolve, reject) => {
    const s = app.listen(port, (err?: Error) => (err ? reject(err) : resolve(s)))
  })
  const address = http.address()
  const actualPort = typeof address === 'object' && address ? address.port : port
  const url = serverURLConfigured() ? serverURL() : `http://localhost:${actualPort}`

  let closing: Promise<void> | undefined
  const close = () =>
    (closing ??= (async () => {
      state.shuttingDown = true
      await new Promise<void>((resolve) => {
        http.close(() => resolve())
        http.closeIdleConnections()
      })
      await stopJobs?.()
      await nextApp?.close?.()
      await payload.destroy?.()
    })())

  if (options.announce) {
    const { announce } = await import('./announce')
    await announce(payload, url, allowedOrigins())
  }
  return { payload, http, url, close }
}

/** Stop accepting, let in-flight requests finish, close the database, exit 0. */
export function exitGracefullyOnSignals(server: RunningServer, graceMs = 15_000): void {
  const onSignal = (signal: NodeJS.Signals) => {
    server.payload.logger.info(`${signal} received: finishing in-flight requests, then exiting`)
    const force = setTimeout(() => {
      server.payload.logger.error(`shutdown took longer than ${graceMs} ms; exiting anyway`)
      process.exit(1)
    }, graceMs)
    force.unref()
    server.close().then(
      () => process.exit(0),
      (err) => {
        server.payload.logger.error({ err }, 'error during shutdown')
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', onSignal)
  process.once('SIGINT', onSignal)
}
