/**
 * The `backup` task: one backup into BACKUP_DIR or the S3 bucket, then the retention
 * (src/backup/schedule.ts). With BACKUP_SCHEDULE set, each run queues the next one as a job waiting
 * until its time (`waitUntil`), and the job runner queues the first when it starts; the pending job is
 * visible to staff under System → Jobs.
 *
 * A chain of jobs rather than Payload's `schedule` option on tasks: that option adds Payload's
 * job-statistics global (a table, so a migration) whether or not backups are scheduled, and needs
 * `handleSchedules` polled on the default queue; a job that queues its successor needs neither.
 *
 * Several job runners starting at once (separate instances with JOBS_IN_PROCESS on) may each queue
 * one; the chains merge again at their first run, which finds the other's job waiting.
 *
 * A failed backup is not retried (a retry would rarely succeed where the run failed, and would pile
 * up beside the next scheduled run): the job keeps its error for staff, and the next one is queued.
 */
import type { Payload, TaskConfig } from 'payload'

import { runScheduledBackup, nextBackupAt } from '@/backup/schedule'
import { backupRetention, backupSchedule, backupToS3 } from '@/config/backup'

interface BackupOutput {
  archive: string
  bytes: number
  destination: string
  removed: string[]
}

export const backupTask: TaskConfig<{ input: { scheduledFor?: string }; output: BackupOutput }> = {
  slug: 'backup',
  label: 'Backup',
  retries: 0,
  inputSchema: [{ name: 'scheduledFor', type: 'text' }],
  outputSchema: [
    { name: 'archive', type: 'text' },
    { name: 'bytes', type: 'number' },
    { name: 'destination', type: 'text' },
    { name: 'removed', type: 'json' },
  ],
  handler: async ({ job, req }) => {
    try {
      const result = await runScheduledBackup(req.payload, { now: new Date() })
      req.payload.logger.info(`backup ${result.name} written to ${result.destination} (${result.backup.bytes} bytes, ${result.backup.durationMs} ms); removed by retention: ${result.removed.join(', ') || 'none'}`)
      return { output: { archive: result.name, bytes: result.backup.bytes, destination: result.destination, removed: result.removed } }
    } finally {
      await scheduleNextBackup(req.payload, { now: new Date(), except: job.id })
    }
  },
}

/**
 * With BACKUP_SCHEDULE set, makes sure one backup job is waiting for the next scheduled time (none is
 * queued when one is waiting already, other than `except`, the job that is running). Returns its time.
 */
export async function scheduleNextBackup(payload: Payload, { now, except }: { now: Date; except?: string | number }): Promise<Date | null> {
  const schedule = backupSchedule()
  if (!schedule) return null
  // The other settings too, so a mistake shows in the log when the runner starts, not hours later.
  backupRetention()
  backupToS3()
  const pending = await payload.find({
    collection: 'payload-jobs',
    where: {
      and: [{ taskSlug: { equals: 'backup' } }, { completedAt: { exists: false } }, { hasError: { not_equals: true } }, ...(except === undefined ? [] : [{ id: { not_equals: except } }])],
    },
    limit: 1,
    depth: 0,
    overrideAccess: true,
  })
  if (pending.docs[0]) return pending.docs[0].waitUntil ? new Date(pending.docs[0].waitUntil) : now
  const at = nextBackupAt(now, schedule)
  await payload.jobs.queue({ task: 'backup', input: { scheduledFor: at.toISOString() }, waitUntil: at })
  return at
}
