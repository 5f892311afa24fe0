/**
 * Scheduled backups into a directory: the schedule (next run) and the retention as functions of the
 * time they are given; the settings and their errors; a month of daily backups taken with an injected
 * clock on a real database, thinned to BACKUP_KEEP_DAILY / BACKUP_KEEP_WEEKLY after every run; and
 * the job itself — the server's job runner queues it for the next scheduled time, runs it when due,
 * and queues the one after.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { verifyBackup } from '@/backup/verify'
import { backupFileName, backupTimeOf } from '@/backup/names'
import { nextBackupAt, retentionPlan, runScheduledBackup } from '@/backup/schedule'
import { backupRetention, backupSchedule, backupToS3 } from '@/config/backup'
import { startTestServer, type TestServer } from '../support/server'

const at = (iso: string) => new Date(iso)

describe('schedule and retention, as functions of the time', () => {
  test('the next run is the first scheduled time strictly after now (UTC)', () => {
    const daily = { every: 'daily' as const, hour: 3, minute: 0 }
    expect(nextBackupAt(at('2026-11-30T02:59:59Z'), daily).toISOString()).toBe('2026-11-30T03:00:00.000Z')
    expect(nextBackupAt(at('2026-11-30T03:00:00Z'), daily).toISOString()).toBe('2026-12-01T03:00:00.000Z')
    expect(nextBackupAt(at('2026-12-31T23:59:00Z'), daily).toISOString()).toBe('2027-01-01T03:00:00.000Z')
    const hourly = { every: 'hourly' as const, hour: 3, minute: 15 }
    expect(nextBackupAt(at('2026-11-30T10:14:00Z'), hourly).toISOString()).toBe('2026-11-30T10:15:00.000Z')
    expect(nextBackupAt(at('2026-11-30T10:15:00Z'), hourly).toISOString()).toBe('2026-11-30T11:15:00.000Z')
    expect(nextBackupAt(at('2026-11-30T23:20:00Z'), hourly).toISOString()).toBe('2026-12-01T00:15:00.000Z')
  })

  test('file names carry the time; only such names are ever considered by retention', () => {
    const name = backupFileName(at('2026-11-30T03:00:07.123Z'))
    expect(name).toBe('pumotix-backup-20261130T030007Z.tar.gz')
    expect(backupTimeOf(name)?.toISOString()).toBe('2026-11-30T03:00:07.000Z')
    for (const other of ['pumotix-backup-20261130T030007Z.tar.gz.partial', 'pumotix-backup-20261332T030007Z.tar.gz', 'notes.txt', 'pumotix-backup-20261130T030007Z.escrow.json']) {
      expect(backupTimeOf(other)).toBeNull()
    }
  })

  test('keep the newest backup of each of the last N days and M weeks that have one', () => {
    // Daily at 03:00 from Mon 2 Nov to Mon 30 Nov 2026 but none 16–20 Nov, and a second one on 30 Nov at 15:00.
    const names: string[] = []
    for (let d = 2; d <= 30; d++) if (d < 16 || d > 20) names.push(backupFileName(at(`2026-11-${String(d).padStart(2, '0')}T03:00:00Z`)))
    names.push(backupFileName(at('2026-11-30T15:00:00Z')), 'notes.txt')
    const plan = retentionPlan(names, { daily: 3, weekly: 3 })
    expect(plan.keep).toEqual([
      'pumotix-backup-20261130T150000Z.tar.gz', // Mon 30 Nov: the newest of that day (daily) and of its week (weekly)
      'pumotix-backup-20261129T030000Z.tar.gz', // daily; also the newest of the week 23–29 Nov (weekly)
      'pumotix-backup-20261128T030000Z.tar.gz', // daily
      'pumotix-backup-20261122T030000Z.tar.gz', // weekly: the newest of 16–22 Nov (only the 21st and 22nd exist)
    ])
    expect(plan.remove).toContain('pumotix-backup-20261130T030000Z.tar.gz')
    expect(plan.remove).not.toContain('notes.txt')
    expect(plan.keep.length + plan.remove.length).toBe(names.length - 1)
  })
})

describe('settings', () => {
  test('values and the errors a person can act on', () => {
    expect(backupSchedule({})).toBeNull()
    expect(backupSchedule({ BACKUP_SCHEDULE: 'off' })).toBeNull()
    expect(backupSchedule({ BACKUP_SCHEDULE: 'daily' })).toEqual({ every: 'daily', hour: 3, minute: 0 })
    expect(backupSchedule({ BACKUP_SCHEDULE: 'Hourly', BACKUP_AT: '00:45' })).toEqual({ every: 'hourly', hour: 0, minute: 45 })
    expect(() => backupSchedule({ BACKUP_SCHEDULE: 'weekly' })).toThrow('BACKUP_SCHEDULE must be off, hourly or daily; got "weekly".')
    expect(() => backupSchedule({ BACKUP_SCHEDULE: 'daily', BACKUP_AT: '25:00' })).toThrow('BACKUP_AT must be a time of day HH:MM in UTC, such as 03:00; got "25:00".')
    expect(() => backupSchedule({ BACKUP_AT: '04:00' })).toThrow('BACKUP_AT is set but BACKUP_SCHEDULE is not')
    expect(backupRetention({})).toEqual({ daily: 7, weekly: 4 })
    expect(backupRetention({ BACKUP_KEEP_DAILY: '0', BACKUP_KEEP_WEEKLY: '12' })).toEqual({ daily: 0, weekly: 12 })
    expect(() => backupRetention({ BACKUP_KEEP_DAILY: '0', BACKUP_KEEP_WEEKLY: '0' })).toThrow('BACKUP_KEEP_DAILY and BACKUP_KEEP_WEEKLY are both 0, which would delete every backup: keep at least one.')
    expect(() => backupRetention({ BACKUP_KEEP_DAILY: 'seven' })).toThrow('BACKUP_KEEP_DAILY must be a whole number from 0 to 10000; got "seven".')
    expect(backupToS3({})).toBeNull()
    expect(backupToS3({ BACKUP_S3: '1', S3_BUCKET: 'b' })).toEqual({ prefix: 'backups' })
    expect(backupToS3({ BACKUP_S3: 'true', S3_BUCKET: 'b', BACKUP_S3_PREFIX: '/pumotix/backups/' })).toEqual({ prefix: 'pumotix/backups' })
    expect(() => backupToS3({ BACKUP_S3: '1' })).toThrow('BACKUP_S3=1 needs the bucket settings of the uploads (S3_BUCKET and the other S3_* variables); S3_BUCKET is not set.')
    expect(() => backupToS3({ BACKUP_S3: '1', S3_BUCKET: 'b', BACKUP_S3_PREFIX: 'a/../b' })).toThrow('BACKUP_S3_PREFIX must be a folder path')
    expect(() => backupToS3({ BACKUP_S3_PREFIX: 'x' })).toThrow('BACKUP_S3_PREFIX is set but BACKUP_S3 is not')
  })
})

describe('on a real database', () => {
  let server: TestServer
  let dir: string

  beforeAll(async () => {
    server = await startTestServer({ BACKUP_SCHEDULE: 'daily', BACKUP_AT: '03:00', JOBS_INTERVAL_MS: '50' })
    dir = path.join(server.dataDir, 'backups')
  })
  afterAll(async () => {
    await server?.close()
    for (const name of ['BACKUP_SCHEDULE', 'BACKUP_AT', 'BACKUP_KEEP_DAILY', 'BACKUP_KEEP_WEEKLY', 'JOBS_INTERVAL_MS']) delete process.env[name]
  })

  const pendingBackups = async () =>
    (await server.payload.find({ collection: 'payload-jobs', where: { and: [{ taskSlug: { equals: 'backup' } }, { completedAt: { exists: false } }] }, depth: 0, overrideAccess: true })).docs

  async function until<T>(what: string, check: () => Promise<T | null | undefined | false>): Promise<T> {
    for (const deadline = Date.now() + 60_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 50))) {
      const value = await check()
      if (value) return value
    }
    throw new Error(`gave up waiting for ${what}`)
  }

  test('the job runner queues the first backup for the next scheduled time, runs it when due, and queues the next', async () => {
    const [first] = await until('the first scheduled backup job', async () => (await pendingBackups()).length === 1 && (await pendingBackups()))
    const due = new Date(first.waitUntil!)
    expect(due.getTime()).toBe(nextBackupAt(new Date(first.createdAt), { every: 'daily', hour: 3, minute: 0 }).getTime())
    expect(first.input).toEqual({ scheduledFor: due.toISOString() })
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([])

    // Make it due now: the runner takes it within its interval.
    await server.payload.update({ collection: 'payload-jobs', id: first.id, data: { waitUntil: new Date(Date.now() - 1000).toISOString() }, overrideAccess: true })
    const written = await until('the backup file', async () => {
      const names = fs.existsSync(dir) ? fs.readdirSync(dir).filter((n) => backupTimeOf(n)) : []
      return names.length > 0 && names
    })
    expect(written).toHaveLength(1)
    const [next] = await until('the next scheduled job', async () => {
      const jobs = await pendingBackups()
      return jobs.length === 1 && jobs[0].id !== first.id && jobs
    })
    expect(new Date(next.waitUntil!).toISOString()).toBe(nextBackupAt(new Date(), { every: 'daily', hour: 3, minute: 0 }).toISOString())
    const verified = await verifyBackup({ archive: path.join(dir, written[0]), secret: process.env.PAYLOAD_SECRET!, escrowPassphrase: null, escrowFile: null })
    expect(verified.secret).toBe('opens')
    // The job that ran was deleted as completed (deleteJobOnComplete); none failed.
    expect((await server.payload.find({ collection: 'payload-jobs', where: { hasError: { equals: true } }, overrideAccess: true })).totalDocs).toBe(0)
  })

  test('a month of daily backups with an injected clock: after every run the directory holds exactly what retention keeps, and other files are left alone', async () => {
    fs.rmSync(dir, { recursive: true, force: true })
    fs.mkdirSync(dir, { recursive: true })
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'keep me')
    process.env.BACKUP_KEEP_DAILY = '3'
    process.env.BACKUP_KEEP_WEEKLY = '3'
    const taken: string[] = []
    for (let day = 1; day <= 24; day++) {
      const now = at(`2026-11-${String(day).padStart(2, '0')}T03:00:00Z`)
      const result = await runScheduledBackup(server.payload, { now })
      expect(result.name).toBe(backupFileName(now))
      taken.push(result.name)
      const expected = retentionPlan(taken, { daily: 3, weekly: 3 }).keep
      expect(result.kept).toEqual(expected)
      expect(fs.readdirSync(dir).filter((n) => n !== 'notes.txt').sort()).toEqual([...expected].sort())
    }
    // Tue 24 Nov: the 24th, 23rd and 22nd (daily; the 24th and the 22nd are also the newest of their weeks) and the 15th (newest of 9–15 Nov).
    expect(fs.readdirSync(dir).sort()).toEqual(['notes.txt', ...['20261115', '20261122', '20261123', '20261124'].map((d) => `pumotix-backup-${d}T030000Z.tar.gz`)])
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf8')).toBe('keep me')
  })
})
