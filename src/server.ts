/**
 * The server's entry point: `node --conditions=production --import tsx src/server.ts`.
 *
 * Kept thin on purpose: with WEB_CONCURRENCY > 1 this process becomes the cluster primary, which
 * serves nothing and so must not load Payload, Next.js and the rest (about 250 MB); each worker
 * runs this file again and loads the app (src/server/app.ts).
 */
import { serve } from '@/server/cluster'

const dev = process.env.PAYLOAD_DEV === '1'
serve({ dev, apiOnly: process.env.API_ONLY === '1', seedDemo: dev || process.env.SEED_DEMO === '1' }).catch((err) => {
  console.error(err instanceof Error ? err.message : err)
  process.exit(1)
})
