/**
 * Taking a backup (docs/backup.md): a consistent snapshot of the database (src/db/backup), the
 * signing keys as stored plus an optional escrow, the uploaded media, and the manifest, in one
 * archive. Used by `npm run backup` and by the scheduled backup job; safe while the server runs.
 *
 * Order: the database first, then the media, so every upload the snapshot refers to was on disk (or
 * in the bucket) before it is copied; uploads added meanwhile are in the archive as unreferenced files.
 */
import fs from 'node:fs'
import path from 'node:path'
import type { CollectionSlug, Payload } from 'payload'

import type { DatabaseChoice } from '@/config/env'
import { developmentRootDir } from '@/config/licensing'
import { MONGODUMP_FILE, dumpMongo, mongoDatabaseName } from '@/db/backup/mongodb'
import { snapshotSqlite, sqliteFilePath, sqliteTableOf } from '@/db/backup/sqlite'
import type { DatabaseSnapshotInfo, StoredSigningKey } from '@/db/backup/types'
import { describeFiles, writeArchive, type ArchiveSource } from './archive'
import { BackupError } from '@/db/backup/errors'
import { buildManifest, DEVELOPMENT_ROOT_DIR, ESCROW_PATH, SIGNING_KEYS_PATH, type BackupManifest } from './manifest'
import { stageMedia, type MediaStore } from './media'
import { productInfo } from './product'
import { secretFingerprint } from './secret-fingerprint'
import { checkEscrowPassphrase, decryptStoredKeys, sealEscrow, type SigningKeysFile } from './signing-keys-file'

export const SQLITE_FILE = 'database/pumotix.db'

export interface BackupInput {
  /** The archive to write; it must not exist. */
  out: string
  now: Date
  /** PAYLOAD_SECRET, which the stored signing keys must be encrypted with. */
  secret: string
  /** Also put the signing keys into keys/escrow.json under this passphrase. */
  escrowPassphrase: string | null
  database: DatabaseChoice
  collections: { slug: CollectionSlug; dbName?: unknown }[]
  media: MediaStore
  /** MongoDB: a running Payload on the database, for the counts, migrations and keys. */
  payload?: Payload
  /** Leave the database out (its counts, migrations and keys stay in): beside a managed service's own backups. */
  withoutDatabase?: boolean
}

export interface BackupResult {
  file: string
  bytes: number
  sha256: string
  manifest: BackupManifest
  escrowText: string | null
  snapshotMs: number
  durationMs: number
}

/** Counts, migrations and signing keys through Payload's adapter (MongoDB, where the dump cannot be read back). */
async function readThroughPayload(payload: Payload, collections: BackupInput['collections']): Promise<DatabaseSnapshotInfo> {
  const counts: Record<string, number> = {}
  for (const c of collections) counts[c.slug] = (await payload.db.count({ collection: c.slug, where: {} })).totalDocs
  const migrations = await payload.find({ collection: 'payload-migrations', pagination: false, sort: 'createdAt', depth: 0, overrideAccess: true })
  const keys = await payload.find({ collection: 'signing-keys', pagination: false, sort: 'createdAt', depth: 0, overrideAccess: true, showHiddenFields: true })
  const signingKeys: StoredSigningKey[] = keys.docs.map((k) => ({ kid: k.kid, alg: k.alg, status: k.status, publicKey: k.publicKey, privateKeyEncrypted: k.privateKeyEncrypted, createdAt: k.createdAt, retiredAt: k.retiredAt ?? null }))
  return { counts, migrations: migrations.docs.flatMap((m) => (m.name ? [m.name] : [])), signingKeys, countsExact: false }
}

export async function createBackup(input: BackupInput): Promise<BackupResult> {
  const started = Date.now()
  const out = path.resolve(input.out)
  if (fs.existsSync(out)) throw new BackupError(`${out} exists already: choose another file name (backups never overwrite one).`)
  if (input.escrowPassphrase !== null) checkEscrowPassphrase(input.escrowPassphrase, input.secret)
  fs.mkdirSync(path.dirname(out), { recursive: true })
  const staging = fs.mkdtempSync(path.join(path.dirname(out), '.pumotix-backup-'))
  try {
    const sources: ArchiveSource[] = []
    const t0 = Date.now()
    let info: DatabaseSnapshotInfo
    let dbFile: string | null
    let dbName: string | undefined
    if (input.database.kind === 'sqlite') {
      if (!input.database.url.startsWith('file:')) throw new BackupError('DATABASE_URI is an in-memory SQLite database: there is nothing on disk to back up.')
      dbFile = SQLITE_FILE
      const tables = input.collections.map((c) => ({ slug: c.slug, table: sqliteTableOf(c) }))
      info = await snapshotSqlite(sqliteFilePath(input.database.url), path.join(staging, SQLITE_FILE), tables)
    } else {
      if (!input.payload) throw new Error('a MongoDB backup needs Payload running on the database')
      dbFile = MONGODUMP_FILE
      dbName = mongoDatabaseName(input.database.url)
      if (!input.withoutDatabase) await dumpMongo(input.database.url, path.join(staging, MONGODUMP_FILE))
      info = await readThroughPayload(input.payload, input.collections)
    }
    const snapshotMs = Date.now() - t0
    if (input.withoutDatabase) dbFile = null // the SQLite snapshot gave the counts; the file stays out
    else sources.push({ archivePath: dbFile, diskPath: path.join(staging, dbFile) })

    // The keys must open with the configured secret, or the fingerprint would name the wrong one.
    const fingerprint = secretFingerprint(input.secret)
    const keys = decryptStoredKeys(info.signingKeys, input.secret, fingerprint)
    const keysFile: SigningKeysFile = { format: 'pumotix-signing-keys', version: 1, keys: info.signingKeys }
    fs.mkdirSync(path.join(staging, 'keys'), { recursive: true })
    fs.writeFileSync(path.join(staging, SIGNING_KEYS_PATH), JSON.stringify(keysFile, null, 2) + '\n', { mode: 0o600 })
    sources.unshift({ archivePath: SIGNING_KEYS_PATH, diskPath: path.join(staging, SIGNING_KEYS_PATH) })
    let escrowText: string | null = null
    if (input.escrowPassphrase !== null) {
      escrowText = JSON.stringify(sealEscrow(keys, input.escrowPassphrase, input.now), null, 2) + '\n'
      fs.writeFileSync(path.join(staging, ESCROW_PATH), escrowText, { mode: 0o600 })
      sources.splice(1, 0, { archivePath: ESCROW_PATH, diskPath: path.join(staging, ESCROW_PATH) })
    }

    // A local installation's development root: without it a restored installation could not certify a rotated key.
    const devRoot = developmentRootDir()
    for (const name of fs.existsSync(devRoot) ? fs.readdirSync(devRoot).sort() : []) {
      sources.push({ archivePath: `${DEVELOPMENT_ROOT_DIR}/${name}`, diskPath: path.join(devRoot, name) })
    }

    const media = await stageMedia(input.media, staging)
    sources.push(...media)

    const manifest = buildManifest({
      product: productInfo(),
      createdAt: input.now.toISOString(),
      database: { kind: input.database.kind, file: dbFile, ...(dbName ? { name: dbName } : {}), migrations: info.migrations, countsExact: info.countsExact },
      counts: info.counts,
      signingKeys: { kids: info.signingKeys.map((k) => k.kid), fingerprint, escrow: escrowText ? ESCROW_PATH : null },
      media: { from: input.media.kind, files: media.length },
      files: await describeFiles(sources),
    })
    const { bytes, sha256 } = await writeArchive(out, manifest, sources)
    return { file: out, bytes, sha256, manifest, escrowText, snapshotMs, durationMs: Date.now() - started }
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
  }
}
