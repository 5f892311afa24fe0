/** Settings of the HTTP server and its processes. */
/** TRUST_PROXY, as express's `trust proxy` takes it: a hop count, or a name/list of addresses. */
export function trustProxy(): number | string | null {
  const raw = process.env.TRUST_PROXY?.trim()
  if (!raw) return null
  return /^\d+$/.test(raw) ? Number(raw) : raw
}

/** JOBS_IN_PROCESS=false: this process does not run background jobs (a worker does). */
export const jobsInProcess = () => process.env.JOBS_IN_PROCESS !== 'false'

/** API_ONLY=1: serve only /api, no pages. */
export const apiOnly = () => process.env.API_ONLY === '1'

/** PAYLOAD_DEV=1: `npm run dev` (next dev behind the same server). */
export const devServer = () => process.env.PAYLOAD_DEV === '1'

/** SEED_DEMO=1: seed demo data into an empty database even when NODE_ENV=production. */
export const seedDemoRequested = () => process.env.SEED_DEMO === '1'

/** LOG_LEVEL: Payload's (pino) log level. */
export const logLevel = () => process.env.LOG_LEVEL || 'info'

/** Set by the cluster primary in the environment of the worker that migrates, seeds and runs jobs. */
export const LEAD_WORKER_ENV = 'PUMOTIX_LEAD_WORKER'
export const isLeadWorker = () => process.env[LEAD_WORKER_ENV] === '1'

/** Set by `npm start` for its cluster workers: the primary's decision to seed demo data. */
export const SEED_DEMO_DECISION_ENV = 'PUMOTIX_SEED_DEMO'
export const seedDemoDecision = () => process.env[SEED_DEMO_DECISION_ENV] === '1'
