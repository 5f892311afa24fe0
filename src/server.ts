/**
 * The server's entry point: `node --conditions=production --import tsx src/server.ts`.
 *
 * Kept thin on purpose: with WEB_CONCURRENCY > 1 this process becomes the cluster primary, which
 * serves nothing and so must not load Payload, Next.js and the rest (about 250 MB); each worker
 * runs this file again and loads the app (src/server/app.ts).
 */
import { apiOnly, devServer, seedDemoRequested } from '@/config/server'
import { serve } from '@/server/cluster'

const dev = devServer()
serve({ dev, apiOnly: apiOnly(), seedDemo: dev || seedDemoRequested() }).catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
