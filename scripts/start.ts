/**
 * `npm start`: generate missing local secrets, build the app if the build is stale, migrate the
 * database, seed demo data into an empty database (not in production), serve, and print where to log in.
 */
import { isProduction } from '../src/config/env'
import { payloadSecret } from '../src/config/secrets'
import { buildIfNeeded } from './build-if-needed'

async function main() {
  process.env.PAYLOAD_SECRET = payloadSecret() // generated into ./data on a first local start; required in production
  process.env.NEXT_TELEMETRY_DISABLED = '1'
  buildIfNeeded()
  // Next.js and React run optimised; `isProduction` above still reflects what the operator declared.
  ;(process.env as Record<string, string>).NODE_ENV = 'production'
  const { exitGracefullyOnSignals, startServer } = await import('../src/server')
  const server = await startServer({ seedIfEmpty: !isProduction || process.env.SEED_DEMO === '1', announce: true })
  exitGracefullyOnSignals(server)
}

main().catch((err) => {
  console.error(`[pumotix] could not start: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
