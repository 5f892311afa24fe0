/**
 * Scheduled backups (docs/backup.md, "Scheduled backups"): when the next one is due, where they go
 * (BACKUP_DIR, or the uploads' S3 bucket with BACKUP_S3=1) and which are kept. Time is always passed
 * in, so the schedule and the retention can be checked with any clock.
 *
 * Retention keeps, among the backups whose names this product wrote (pumotix-backup-<time>.tar.gz —
 * nothing else is ever deleted), the newest of each of the last BACKUP_KEEP_DAILY days that have a
 * backup and the newest of each of the last BACKUP_KEEP_WEEKLY weeks (Monday to Sunday, UTC) that
 * have one. Counting days with backups rather than calendar days means a server that was down for a
 * while does not lose its older backups when it comes back; the newest backup is always kept.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Payload } from 'payload'

import { backupDir, backupRetention, backupToS3, escrowPassphraseSetting, type BackupSchedule } from '@/config/backup'
import { databaseChoice } from '@/config/env'
import { payloadSecret } from '@/config/secrets'
import { createBackup, type BackupResult } from './create'
import { configuredMediaStore, type MediaStore } from './media'
import { backupFileName, backupTimeOf } from './names'
import { configuredBucket } from './s3'

/** The first scheduled time strictly after `after`. */
export function nextBackupAt(after: Date, schedule: BackupSchedule): Date {
  const t = new Date(after.getTime())
  t.setUTCSeconds(0, 0)
  if (schedule.every === 'hourly') {
    t.setUTCMinutes(schedule.minute)
    while (t <= after) t.setUTCHours(t.getUTCHours() + 1)
    return t
  }
  t.setUTCHours(schedule.hour, schedule.minute)
  while (t <= after) t.setUTCDate(t.getUTCDate() + 1)
  return t
}

const dayOf = (d: Date) => d.toISOString().slice(0, 10)
/** The Monday (UTC) of a date's week. */
const weekOf = (d: Date) => dayOf(new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate() - ((d.getUTCDay() + 6) % 7))))

/** Which backups (by file name) to keep and which to remove; names not written by this product are left out of both. */
export function retentionPlan(names: string[], keep: { daily: number; weekly: number }): { keep: string[]; remove: string[] } {
  const backups = names.flatMap((name) => {
    const at = backupTimeOf(name)
    return at ? [{ name, at }] : []
  })
  backups.sort((a, b) => b.at.getTime() - a.at.getTime())
  const kept = new Set<string>()
  for (const [limit, period] of [
    [keep.daily, dayOf],
    [keep.weekly, weekOf],
  ] as const) {
    const periods = new Set<string>()
    for (const b of backups) {
      const p = period(b.at)
      if (periods.has(p)) continue
      if (periods.size >= limit) break
      periods.add(p)
      kept.add(b.name)
    }
  }
  if (backups[0]) kept.add(backups[0].name)
  return { keep: backups.filter((b) => kept.has(b.name)).map((b) => b.name), remove: backups.filter((b) => !kept.has(b.name)).map((b) => b.name) }
}

/** Where scheduled backups are kept. */
export interface BackupDestination {
  description: string
  /** The directory the archive is written to (and, for a bucket, uploaded from). */
  workDir: string
  names(): Promise<string[]>
  /** Keeps the written archive under its name. */
  store(file: string, name: string): Promise<void>
  remove(name: string): Promise<void>
  close(): void
}

export function configuredDestination(): BackupDestination {
  const s3 = backupToS3()
  if (!s3) {
    const dir = backupDir()
    return {
      description: dir,
      workDir: dir,
      names: async () => (fs.existsSync(dir) ? fs.readdirSync(dir) : []),
      store: async () => undefined, // written in place
      remove: async (name) => fs.rmSync(path.join(dir, name), { force: true }),
      close: () => undefined,
    }
  }
  const bucket = configuredBucket()
  if (!bucket) throw new Error('BACKUP_S3=1 without S3_BUCKET') // backupToS3() refuses this already
  const key = (name: string) => `${s3.prefix}/${name}`
  const workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pumotix-backup-upload-'))
  return {
    description: `s3://${bucket.bucket.name}/${s3.prefix}/`,
    workDir,
    names: async () => (await bucket.bucket.list(s3.prefix)).map((o) => o.key.slice(s3.prefix.length + 1)).filter((n) => !n.includes('/')),
    store: async (file, name) => {
      try {
        await bucket.bucket.upload(key(name), file, 'application/gzip')
      } finally {
        fs.rmSync(file, { force: true })
      }
    },
    remove: (name) => bucket.bucket.delete(key(name)),
    close: () => {
      bucket.bucket.destroy()
      fs.rmSync(workDir, { recursive: true, force: true })
    },
  }
}

export interface ScheduledBackupResult {
  backup: BackupResult
  name: string
  destination: string
  kept: string[]
  removed: string[]
}

/** One scheduled backup at `now`: the archive into the destination, then the retention. */
export async function runScheduledBackup(payload: Payload, { now }: { now: Date }): Promise<ScheduledBackupResult> {
  const destination = configuredDestination()
  let media: MediaStore | undefined
  try {
    const retention = backupRetention()
    const name = backupFileName(now)
    const s3 = backupToS3()
    media = configuredMediaStore(s3 ? [s3.prefix] : [])
    const backup = await createBackup({
      out: path.join(destination.workDir, name),
      now,
      secret: payloadSecret(),
      escrowPassphrase: escrowPassphraseSetting(),
      database: databaseChoice(),
      collections: payload.config.collections,
      media,
      payload,
    })
    await destination.store(backup.file, name)
    const plan = retentionPlan(await destination.names(), retention)
    for (const old of plan.remove) await destination.remove(old)
    return { backup, name, destination: destination.description, kept: plan.keep, removed: plan.remove }
  } finally {
    destination.close()
    if (media?.kind === 's3') media.bucket.destroy()
  }
}
