/**
 * The server's entry point: `node --conditions=production --import tsx src/server.ts`.
 *
 * Kept thin on purpose: with WEB_CONCURRENCY > 1 this process becomes the cluster primary, which
 * serves nothing and so must not load Payload, Next.js and the rest (about 250 MB); each worker
 * runs this file again and loads the app (src/server/app.ts).
 */
import { isClusterPrimary, reportReadyToPrimary, runPrimary, webConcurrency, workerRole } from './server/cluster'

async function main() {
  const dev = process.env.PAYLOAD_DEV === '1'
  const apiOnly = process.env.API_ONLY === '1'
  if (!dev && isClusterPrimary()) return runPrimary(webConcurrency())
  const { lead } = workerRole()
  const { exitGracefullyOnSignals, startServer } = await import('./server/app')
  const server = await startServer({ dev, apiOnly, runJobs: lead, seedIfEmpty: lead && (dev || process.env.SEED_DEMO === '1'), announce: lead && !apiOnly })
  exitGracefullyOnSignals(server)
  reportReadyToPrimary(server.close)
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
