/**
 * Runs queued jobs until stopped: `payload.jobs.run` in a loop, draining the queue while there is work
 * and sleeping `intervalMs` when it is empty. On start it queues the next scheduled backup if none waits. Started by the server (unless JOBS_IN_PROCESS=false) or
 * by scripts/worker.ts; several runners may share one database (a job is taken by one of them).
 *
 * A job whose runner died keeps `processing: true` forever in Payload; runners hand such jobs back
 * to the queue after `staleMs` without progress (the fan-out and e-mail tasks are safe to run again).
 */
import type { Payload } from 'payload'

import { numberSetting } from '@/config/env'
import { scheduleNextBackup } from './backup'
import { startDatedOptionsSweep } from './dated-options-sweep'

export interface JobRunnerOptions {
  intervalMs?: number
  /** Jobs taken per `payload.jobs.run` call. */
  limit?: number
  queue?: string
  /** A job processing for longer than this without an update is considered abandoned. */
  staleMs?: number
}

export type StopJobRunner = () => Promise<void>

export async function releaseAbandonedJobs(payload: Payload, staleMs: number): Promise<number> {
  const cutoff = new Date(Date.now() - staleMs).toISOString()
  const released = await payload.db.updateMany({
    collection: 'payload-jobs',
    where: { and: [{ processing: { equals: true } }, { updatedAt: { less_than: cutoff } }] },
    data: { processing: false },
  })
  const count = Array.isArray(released) ? released.length : 0
  if (count) payload.logger.warn(`job runner: released ${count} job(s) abandoned by a stopped worker`)
  return count
}

export function startJobRunner(payload: Payload, options: JobRunnerOptions = {}): StopJobRunner {
  const intervalMs = options.intervalMs ?? numberSetting('JOBS_INTERVAL_MS', 2000)
  const limit = options.limit ?? numberSetting('JOBS_LIMIT', 10)
  const staleMs = options.staleMs ?? numberSetting('JOBS_STALE_MS', 10 * 60_000)
  let stopped = false
  let wake: (() => void) | undefined
  let lastRelease = 0

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms)
      wake = () => {
        clearTimeout(timer)
        resolve()
      }
    })

  const tick = async (): Promise<boolean> => {
    if (Date.now() - lastRelease > Math.min(staleMs, 60_000)) {
      lastRelease = Date.now()
      await releaseAbandonedJobs(payload, staleMs)
    }
    if (payload.config.jobs?.scheduling) await payload.jobs.handleSchedules({ queue: options.queue })
    const result = await payload.jobs.run({ limit, queue: options.queue, silent: { info: true } })
    return !result?.noJobsRemaining
  }

  const loop = (async () => {
    await startJobChains(payload, options.queue)
    while (!stopped) {
      let busy = false
      try {
        busy = await tick()
      } catch (err) {
        payload.logger.error({ err }, 'job runner: running jobs failed; trying again shortly')
      }
      if (!stopped) await sleep(busy ? 0 : intervalMs)
    }
  })()

  return async () => {
    stopped = true
    wake?.()
    await loop // the jobs in progress finish; nothing new is taken
  }
}

/**
 * Job chains that keep themselves going once started (each run queues the next, waiting with
 * `waitUntil`) are started here when the runner starts, each unless a job of it is waiting already:
 * the sweep of options with end dates (src/jobs/dated-options-sweep.ts). Their jobs are on the default queue.
 */
async function startJobChains(payload: Payload, queue: string | undefined): Promise<void> {
  if (queue !== undefined && queue !== 'default') return
  // BACKUP_SCHEDULE: the first scheduled backup, unless one is waiting already (src/jobs/backup.ts).
  await scheduleNextBackup(payload, { now: new Date() }).catch((err: unknown) => payload.logger.error({ err }, 'job runner: could not schedule the next backup'))
  await startDatedOptionsSweep(payload).catch((err: unknown) => payload.logger.error({ err }, 'job runner: could not queue the dated-options sweep'))
}
