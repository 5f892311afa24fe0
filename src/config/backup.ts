/** Settings of backups (docs/backup.md): scheduled backups, where they go, how many are kept, the key escrow. */
import fs from 'node:fs'
import path from 'node:path'

import { ConfigError, dataDir } from './env'

type Env = Record<string, string | undefined>

const setting = (env: Env, name: string) => env[name]?.trim() || undefined

export type BackupSchedule = { every: 'daily' | 'hourly'; hour: number; minute: number }

/**
 * BACKUP_SCHEDULE (off | hourly | daily) and BACKUP_AT (HH:MM, UTC; default 03:00). Hourly backups
 * run at BACKUP_AT's minute of every hour. Null: no scheduled backups.
 */
export function backupSchedule(env: Env = process.env): BackupSchedule | null {
  const raw = setting(env, 'BACKUP_SCHEDULE')?.toLowerCase()
  const at = setting(env, 'BACKUP_AT')
  if (!raw || raw === 'off') {
    if (at) throw new ConfigError(`BACKUP_AT is set but BACKUP_SCHEDULE is not: set BACKUP_SCHEDULE=daily (or hourly) to take scheduled backups, or remove BACKUP_AT.`)
    return null
  }
  if (raw !== 'daily' && raw !== 'hourly') throw new ConfigError(`BACKUP_SCHEDULE must be off, hourly or daily; got "${env.BACKUP_SCHEDULE}".`)
  const m = /^(\d{1,2}):(\d{2})$/.exec(at ?? '03:00')
  const hour = m ? Number(m[1]) : NaN
  const minute = m ? Number(m[2]) : NaN
  if (!m || hour > 23 || minute > 59) throw new ConfigError(`BACKUP_AT must be a time of day HH:MM in UTC, such as 03:00; got "${at}".`)
  return { every: raw, hour, minute }
}

/** BACKUP_DIR: where scheduled backups are written (default DATA_DIR/backups) and `npm run backup` writes by default. */
export const backupDir = (env: Env = process.env) => path.resolve(setting(env, 'BACKUP_DIR') ?? path.join(dataDir(), 'backups'))

function keepSetting(env: Env, name: string, fallback: number): number {
  const raw = setting(env, name)
  if (raw === undefined) return fallback
  if (!/^\d+$/.test(raw) || Number(raw) > 10_000) throw new ConfigError(`${name} must be a whole number from 0 to 10000; got "${raw}".`)
  return Number(raw)
}

/** BACKUP_KEEP_DAILY / BACKUP_KEEP_WEEKLY: the newest backup of each of the last N days / M weeks is kept. */
export function backupRetention(env: Env = process.env): { daily: number; weekly: number } {
  const daily = keepSetting(env, 'BACKUP_KEEP_DAILY', 7)
  const weekly = keepSetting(env, 'BACKUP_KEEP_WEEKLY', 4)
  if (daily + weekly === 0) throw new ConfigError('BACKUP_KEEP_DAILY and BACKUP_KEEP_WEEKLY are both 0, which would delete every backup: keep at least one.')
  return { daily, weekly }
}

/** BACKUP_S3=1: scheduled backups go to the S3 bucket of the uploads (S3_BUCKET …) under BACKUP_S3_PREFIX instead of BACKUP_DIR. */
export function backupToS3(env: Env = process.env): { prefix: string } | null {
  const raw = setting(env, 'BACKUP_S3')
  const prefixRaw = setting(env, 'BACKUP_S3_PREFIX')
  if (!raw || /^(0|false|no)$/i.test(raw)) {
    if (prefixRaw) throw new ConfigError('BACKUP_S3_PREFIX is set but BACKUP_S3 is not: set BACKUP_S3=1 to send backups to the bucket, or remove BACKUP_S3_PREFIX.')
    return null
  }
  if (!/^(1|true|yes)$/i.test(raw)) throw new ConfigError(`BACKUP_S3 must be 1 or 0; got "${raw}".`)
  if (!setting(env, 'S3_BUCKET')) throw new ConfigError('BACKUP_S3=1 needs the bucket settings of the uploads (S3_BUCKET and the other S3_* variables); S3_BUCKET is not set.')
  const prefix = (prefixRaw ?? 'backups').replace(/^\/+|\/+$/g, '')
  if (!prefix || prefix.split('/').some((part) => part === '' || part === '.' || part === '..') || /[\\\0]/.test(prefix)) {
    throw new ConfigError(`BACKUP_S3_PREFIX must be a folder path such as "pumotix/backups"; got "${prefixRaw}".`)
  }
  return { prefix }
}

/**
 * The passphrase of the signing-key escrow: BACKUP_ESCROW_PASSPHRASE_FILE (its first line) or
 * BACKUP_ESCROW_PASSPHRASE; null when neither is set. Scheduled backups include the escrow when set.
 */
export function escrowPassphraseSetting(env: Env = process.env): string | null {
  const file = setting(env, 'BACKUP_ESCROW_PASSPHRASE_FILE')
  if (file) return readPassphraseFile(file, 'BACKUP_ESCROW_PASSPHRASE_FILE')
  return env.BACKUP_ESCROW_PASSPHRASE || null
}

/** The first line of a passphrase file (as `openssl -passin file:` reads it). */
export function readPassphraseFile(file: string, what: string): string {
  let text: string
  try {
    text = fs.readFileSync(file, 'utf8')
  } catch {
    throw new ConfigError(`${what} names ${file}, which cannot be read.`)
  }
  const first = text.split(/\r?\n/)[0]
  if (!first) throw new ConfigError(`The passphrase file ${file} (${what}) has an empty first line.`)
  return first
}
