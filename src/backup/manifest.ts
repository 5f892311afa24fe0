/**
 * `manifest.json`, the first entry of every backup archive: what the archive holds and how to check
 * it (docs/backup.md, "Archive format").
 */
import type { DatabaseKind } from '@/config/shared-state'
import { BackupError } from '@/db/backup/errors'
import { FINGERPRINT_METHOD } from './secret-fingerprint'

export const MANIFEST_PATH = 'manifest.json'
export const SIGNING_KEYS_PATH = 'keys/signing-keys.json'
export const ESCROW_PATH = 'keys/escrow.json'
export const MEDIA_DIR = 'media'
/** The development root's files (DATA_DIR/license-root; a local installation's only, never in production). */
export const DEVELOPMENT_ROOT_DIR = 'keys/development-root'
export const FORMAT_VERSION = 1

export interface ManifestFile {
  path: string
  size: number
  sha256: string
}

export interface BackupManifest {
  format: 'pumotix-backup'
  formatVersion: number
  product: { name: string; version: string }
  createdAt: string
  database: {
    kind: DatabaseKind
    /** The database in the archive: an SQLite file, or a mongodump archive; null for a backup made
     * --without-database, beside a managed service's own database backups (docs/backup.md, "MongoDB"). */
    file: string | null
    /** MongoDB: the database the dump was taken from (mongorestore renames it to the target's). */
    name?: string
    /** Migrations applied to the database, in order (payload-migrations). */
    migrations: string[]
    /** Whether `counts` were read from the same snapshot as the database file (SQLite) or beside a dump (MongoDB). */
    countsExact: boolean
  }
  /** Documents per collection (slug → count). */
  counts: Record<string, number>
  signingKeys: {
    file: string
    kids: string[]
    /** The secret the private keys are encrypted with, named by its fingerprint. */
    encryptedWith: { setting: 'PAYLOAD_SECRET'; fingerprint: string; method: string }
    /** The key escrow under a separate passphrase, when the backup made one. */
    escrow: string | null
  }
  media: { from: 'disk' | 's3'; files: number }
  /** Every other entry of the archive, in archive order. */
  files: ManifestFile[]
}

export function buildManifest(input: Omit<BackupManifest, 'format' | 'formatVersion' | 'signingKeys'> & { signingKeys: Omit<BackupManifest['signingKeys'], 'encryptedWith' | 'file'> & { fingerprint: string } }): BackupManifest {
  const { fingerprint, ...keys } = input.signingKeys
  return {
    format: 'pumotix-backup',
    formatVersion: FORMAT_VERSION,
    ...input,
    signingKeys: { file: SIGNING_KEYS_PATH, ...keys, encryptedWith: { setting: 'PAYLOAD_SECRET', fingerprint, method: FINGERPRINT_METHOD } },
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string')

function problem(doc: Record<string, unknown>): string | null {
  const db = doc.database
  const keys = doc.signingKeys
  const media = doc.media
  if (!isObject(doc.product) || typeof doc.product.version !== 'string') return 'product.version is missing'
  if (typeof doc.createdAt !== 'string' || Number.isNaN(Date.parse(doc.createdAt))) return 'createdAt is not a date'
  if (!isObject(db) || (db.kind !== 'sqlite' && db.kind !== 'mongodb') || !(db.file === null || typeof db.file === 'string') || !isStringArray(db.migrations) || typeof db.countsExact !== 'boolean') {
    return 'database (kind, file, migrations, countsExact) is missing or malformed'
  }
  if (!isObject(doc.counts) || !Object.values(doc.counts).every((n) => Number.isSafeInteger(n) && Number(n) >= 0)) return 'counts is not a map of collection to count'
  if (!isObject(keys) || typeof keys.file !== 'string' || !isStringArray(keys.kids) || !isObject(keys.encryptedWith) || typeof keys.encryptedWith.fingerprint !== 'string' || !(keys.escrow === null || typeof keys.escrow === 'string')) {
    return 'signingKeys (file, kids, encryptedWith.fingerprint, escrow) is missing or malformed'
  }
  if (!isObject(media) || (media.from !== 'disk' && media.from !== 's3') || !Number.isSafeInteger(media.files)) return 'media is missing or malformed'
  if (!Array.isArray(doc.files) || !doc.files.every((f) => isObject(f) && typeof f.path === 'string' && Number.isSafeInteger(f.size) && typeof f.sha256 === 'string' && /^[0-9a-f]{64}$/.test(f.sha256))) {
    return 'files is not a list of path, size and sha256'
  }
  const paths = doc.files.map((f) => f.path)
  if (new Set(paths).size !== paths.length) return 'files names a path twice'
  for (const needed of [...(typeof db.file === 'string' ? [db.file] : []), keys.file, ...(typeof keys.escrow === 'string' ? [keys.escrow] : [])]) {
    if (!paths.includes(needed)) return `files does not list ${needed}`
  }
  return null
}

function isManifest(doc: unknown): doc is BackupManifest {
  return isObject(doc) && doc.format === 'pumotix-backup' && doc.formatVersion === FORMAT_VERSION && problem(doc) === null
}

/** Reads manifest.json; every way it can be unusable has its own message. */
export function parseManifest(text: string): BackupManifest {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw new BackupError('manifest.json is not valid JSON: the archive is damaged or was altered.')
  }
  if (!isObject(doc) || doc.format !== 'pumotix-backup') throw new BackupError('manifest.json does not describe a PUMOTIX backup: this is not a PUMOTIX backup archive.')
  if (doc.formatVersion !== FORMAT_VERSION) {
    throw new BackupError(
      typeof doc.formatVersion === 'number' && doc.formatVersion > FORMAT_VERSION
        ? `The archive has backup format ${doc.formatVersion}, newer than this version of PUMOTIX Account reads (${FORMAT_VERSION}): restore it with the version that made it (${isObject(doc.product) ? String(doc.product.version) : 'see its manifest'}) or newer.`
        : `The archive has backup format ${JSON.stringify(doc.formatVersion)}, which this version does not read (it reads format ${FORMAT_VERSION}).`,
    )
  }
  const why = problem(doc)
  if (why || !isManifest(doc)) throw new BackupError(`manifest.json is not valid: ${why ?? 'unknown problem'}. The archive is damaged or was altered.`)
  return doc
}
