/**
 * A worker process that only runs background jobs (e-mail, news fan-out, scheduled publishing), for
 * running them apart from the web servers: start the servers with JOBS_IN_PROCESS=false and one or
 * more `npm run worker` against the same database. Stops cleanly on SIGTERM/SIGINT.
 */
import { getPayload } from 'payload'

import config from '@payload-config'
import { startJobRunner } from '@/jobs/runner'

const payload = await getPayload({ config })
const stop = startJobRunner(payload)
payload.logger.info('job worker started')

let stopping = false
const shutdown = (signal: string) => {
  if (stopping) return
  stopping = true
  payload.logger.info(`${signal} received: finishing the jobs in progress, then exiting`)
  stop()
    .then(() => payload.destroy())
    .then(
      () => process.exit(0),
      (err) => {
        payload.logger.error({ err }, 'error while stopping the worker')
        process.exit(1)
      },
    )
}
process.once('SIGTERM', () => shutdown('SIGTERM'))
process.once('SIGINT', () => shutdown('SIGINT'))
