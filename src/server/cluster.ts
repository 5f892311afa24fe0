/**
 * Several server processes on one machine (WEB_CONCURRENCY): one Node process uses one core, so a
 * primary process forks N workers that share the listening port (node:cluster hands connections
 * out in turn). The primary serves nothing itself; it starts the workers, replaces one that dies and
 * stops them all on SIGTERM/SIGINT.
 *
 * The first worker (the "lead") starts alone and does the one-off start-up work: migrations, demo
 * data, the announcement; it also runs the background jobs. The others start once it is ready and
 * leave jobs to it. Everything the workers must agree on lives in the database: rate limits and
 * per-controller locks are shared there when WEB_CONCURRENCY > 1 (src/config/shared-state.ts).
 */
import cluster, { type Worker } from 'node:cluster'

import { webConcurrency } from '@/config/env'
import { isLeadWorker, LEAD_WORKER_ENV } from '@/config/server'

/** Whether this process runs migrations, seeding, the announcement and the background jobs: a single process does; of a cluster's workers, the lead. */
const isLead = () => !cluster.isWorker || isLeadWorker()

/** In a worker: tell the primary it is serving, and leave when the primary is gone. */
function reportReadyToPrimary(close: () => Promise<void>): void {
  if (!cluster.isWorker) return
  process.send?.({ type: 'pumotix:ready' })
  // A primary that was killed cannot stop its workers: they stop themselves (and free the port).
  process.once('disconnect', () => {
    void close().finally(() => process.exit(0))
  })
}

/**
 * What an entry point (src/server.ts, scripts/start.ts) runs: the cluster primary with WEB_CONCURRENCY > 1
 * (not in dev), else the app itself — where only the lead seeds, announces and runs the jobs. The app is
 * imported only here, so a primary never loads it.
 */
export async function serve({ dev = false, apiOnly = false, seedDemo }: { dev?: boolean; apiOnly?: boolean; seedDemo: boolean }): Promise<void> {
  const processes = webConcurrency()
  if (!dev && cluster.isPrimary && processes > 1) return runPrimary(processes)
  const lead = isLead()
  const { exitGracefullyOnSignals, startServer } = await import('./app')
  const server = await startServer({ dev, apiOnly, runJobs: lead, seedIfEmpty: lead && seedDemo, announce: lead && !apiOnly })
  exitGracefullyOnSignals(server)
  reportReadyToPrimary(server.close)
}

/** The primary: fork the lead, wait until it serves, fork the rest, keep them running, stop them on a signal. */
async function runPrimary(count: number, log: (message: string) => void = (m) => console.log(`[pumotix] ${m}`)): Promise<void> {
  let stopping = false
  const restarts: number[] = []

  /** Forks a worker; resolves once it serves. A worker that stops after that is replaced. */
  const fork = (lead: boolean, replacement = false): Promise<Worker> =>
    new Promise((resolve, reject) => {
      const worker = cluster.fork({ [LEAD_WORKER_ENV]: lead ? '1' : '0' })
      const onExit = (code: number | null) => reject(new Error(`server worker ${worker.process.pid} exited with code ${code} before it was ready`))
      worker.once('exit', onExit)
      worker.on('message', (m: { type?: string }) => {
        if (m?.type !== 'pumotix:ready') return
        worker.off('exit', onExit)
        if (replacement) log(`worker ${worker.process.pid} ${lead ? '(lead) ' : ''}is serving`)
        worker.once('exit', (code, signal) => {
          if (stopping) return
          log(`worker ${worker.process.pid} ${lead ? '(lead) ' : ''}stopped (${signal ?? `code ${code}`}); starting a new one`)
          replace(lead)
        })
        resolve(worker)
      })
    })

  /** Starts a replacement; one that fails before it serves is tried again, up to 5 starts a minute. */
  const replace = (lead: boolean) => {
    const now = Date.now()
    restarts.push(now)
    while (restarts.length && restarts[0] < now - 60_000) restarts.shift()
    if (restarts.length > 5) {
      log('workers keep stopping (more than 5 in a minute): giving up')
      void stopAll(1)
      return
    }
    setTimeout(() => {
      if (stopping) return
      fork(lead, true).catch((err) => {
        if (stopping) return
        log(`${err instanceof Error ? err.message : String(err)}; starting a new one`)
        replace(lead)
      })
    }, 500)
  }

  const stopAll = async (exitCode: number) => {
    stopping = true
    const workers = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w)
    await Promise.all(
      workers.map(
        (w) =>
          new Promise<void>((resolve) => {
            if (w.isDead()) return resolve()
            w.once('exit', () => resolve())
            w.process.kill('SIGTERM')
          }),
      ),
    )
    process.exit(exitCode)
  }
  process.once('SIGTERM', () => void stopAll(0))
  process.once('SIGINT', () => void stopAll(0))

  try {
    await fork(true)
    await Promise.all(Array.from({ length: count - 1 }, () => fork(false)))
  } catch (err) {
    log(err instanceof Error ? err.message : String(err))
    await stopAll(1)
    return
  }
  log(`${count} server processes are serving (WEB_CONCURRENCY=${count})`)
}
