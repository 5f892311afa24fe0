/**
 * `npm start`: generate missing local secrets, build the app if the build is stale, migrate the
 * database, seed demo data into an empty database (not in production), serve, and print where to log in.
 */
import cluster from 'node:cluster'

import { DECLARED_NODE_ENV, isProduction } from '@/config/env'
import { payloadSecret } from '@/config/secrets'
import { SEED_DEMO_DECISION_ENV, seedDemoDecision, seedDemoRequested } from '@/config/server'
import { serve } from '@/server/cluster'
import { buildIfNeeded } from './build-if-needed'

async function main() {
  process.env.PAYLOAD_SECRET = payloadSecret() // generated into ./data on a first local start; required in production
  process.env.NEXT_TELEMETRY_DISABLED = '1'
  // With WEB_CONCURRENCY > 1 this script runs again in every worker (node:cluster): only the primary builds.
  if (!cluster.isWorker) buildIfNeeded()
  // Demo data only where the operator did not declare production. Decided here, before NODE_ENV is
  // forced below: cluster workers run this script again with the forced NODE_ENV (which would read as
  // production), so they read the primary's decision instead.
  if (!cluster.isWorker) process.env[SEED_DEMO_DECISION_ENV] = !isProduction || seedDemoRequested() ? '1' : '0'
  if (!cluster.isWorker) process.env[DECLARED_NODE_ENV] = process.env.NODE_ENV ?? ''
  // Next.js and React run optimised.
  ;(process.env as Record<string, string>).NODE_ENV = 'production'
  await serve({ seedDemo: seedDemoDecision() })
}

main().catch((err) => {
  console.error(`[pumotix] could not start: ${err instanceof Error ? err.message : String(err)}`)
  process.exit(1)
})
