/**
 * The `datedOptionsSweep` task: ends dated options whose date has passed and sends the reminders
 * (src/domain/dated-options-sweep.ts). A chain of jobs: each run queues the next one waiting
 * DATED_OPTIONS_SWEEP_MINUTES (`waitUntil`), and the job runner queues the first when it starts if no
 * sweep job is waiting (src/jobs/runner.ts), so the sweep survives restarts and runs on one runner at
 * a time per chain. The waiting job is visible to staff under System → Jobs.
 *
 * More than a page of controllers: the next page is queued at once with the same time, and the last
 * page queues the next scheduled run. Input `now` (ISO-8601) sweeps as of that time instead of the
 * clock (tests; the pages of one sweep); `afterId` is the page's start, `pageSize` its number of
 * controllers (default SWEEP_PAGE_SIZE); `fullAt` is when the chain last made the full pass (rows to
 * end of any age, src/domain/dated-options-sweep.ts): a run without it, or a day after it, makes the
 * full pass — so the first run after a start does, and then one a day.
 *
 * A job killed mid-run is handed back by the runner after JOBS_STALE_MS and runs again: what it had
 * done stays done (each reminder's marker and mail are written together), the rest follows.
 * Several runners starting at once may each queue a first job; the chains merge at their first run,
 * which finds the other's job waiting and queues none.
 *
 * Not retried: the next run comes soon anyway. A run where some controllers failed fails the job after
 * the others were done, so staff see the error under Jobs; the next run is queued all the same.
 */
import type { Payload, TaskConfig } from 'payload'

import { datedOptionsSweepMinutes } from '@/config/dated-options'
import { sweepDatedOptions, SWEEP_PAGE_SIZE, type SweepCounts } from '@/domain/dated-options-sweep'
import { parseId } from '@/domain/ids'

export const DATED_OPTIONS_SWEEP = 'datedOptionsSweep'

interface SweepInput {
  now?: string
  afterId?: string
  pageSize?: number
  fullAt?: string
}

/** How often the chain makes the full pass. */
const FULL_PASS_EVERY_MS = 86_400_000

export const datedOptionsSweepTask: TaskConfig<{ input: SweepInput; output: SweepCounts }> = {
  slug: DATED_OPTIONS_SWEEP,
  label: 'End dated options and send their reminders',
  retries: 0,
  inputSchema: [
    { name: 'now', type: 'text' },
    { name: 'afterId', type: 'text' },
    { name: 'pageSize', type: 'number' },
    { name: 'fullAt', type: 'text' },
  ],
  outputSchema: [
    { name: 'controllers', type: 'number' },
    { name: 'ended', type: 'number' },
    { name: 'reminded7', type: 'number' },
    { name: 'reminded1', type: 'number' },
    { name: 'remindedEnded', type: 'number' },
    { name: 'failed', type: 'number' },
  ],
  handler: async ({ input, job, req }) => {
    const payload = req.payload
    const now = input.now ? new Date(input.now) : new Date()
    if (Number.isNaN(now.getTime())) throw new Error(`datedOptionsSweep: "now" must be an ISO-8601 time; got "${input.now}"`)
    const lastFull = input.fullAt ? Date.parse(input.fullAt) : NaN
    const full = !(Math.abs(now.getTime() - lastFull) < FULL_PASS_EVERY_MS)
    let continued = false
    try {
      const limit = input.pageSize && input.pageSize > 0 ? Math.floor(input.pageSize) : SWEEP_PAGE_SIZE
      const page = await sweepDatedOptions(payload, { now, full, limit, afterId: input.afterId ? parseId(payload, input.afterId) : null })
      if (page.nextAfterId != null) {
        // The next page of this sweep: the same time, size and pass (a full one has no fullAt).
        await payload.jobs.queue({ task: DATED_OPTIONS_SWEEP, input: { now: now.toISOString(), afterId: String(page.nextAfterId), pageSize: limit, ...(full ? {} : { fullAt: input.fullAt }) } })
        continued = true
      }
      const { nextAfterId: _next, ...counts } = page
      if (counts.failed) throw new Error(`datedOptionsSweep: ${counts.failed} of ${counts.controllers} controllers failed (see the log); the next sweep tries them again`)
      return { output: counts }
    } finally {
      if (!continued) await scheduleNextSweep(payload, { except: job.id, fullAt: full ? now.toISOString() : input.fullAt })
    }
  },
}

/**
 * Makes sure one sweep job is waiting: none is queued when another sweep job (other than `except`, the
 * one running) is waiting or running. The new one runs one interval from now, or at once with
 * `immediately`. Returns whether it queued one.
 */
export async function scheduleNextSweep(payload: Payload, { except, immediately = false, fullAt }: { except?: string | number; immediately?: boolean; fullAt?: string } = {}): Promise<boolean> {
  const minutes = datedOptionsSweepMinutes()
  const pending = await payload.find({
    collection: 'payload-jobs',
    where: {
      and: [{ taskSlug: { equals: DATED_OPTIONS_SWEEP } }, { completedAt: { exists: false } }, { hasError: { not_equals: true } }, ...(except === undefined ? [] : [{ id: { not_equals: except } }])],
    },
    limit: 1,
    depth: 0,
    overrideAccess: true,
  })
  if (pending.docs.length > 0) return false
  await payload.jobs.queue({ task: DATED_OPTIONS_SWEEP, input: fullAt ? { fullAt } : {}, ...(immediately ? {} : { waitUntil: new Date(Date.now() + minutes * 60_000) }) })
  return true
}

/** When a job runner starts: a sweep right away, with the full pass (catching up after a stop), unless one is waiting already. */
export const startDatedOptionsSweep = (payload: Payload) => scheduleNextSweep(payload, { immediately: true })
