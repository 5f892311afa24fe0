/**
 * Restoring a backup into the configured database and media store (docs/backup.md, "Restore").
 *
 * Everything is checked before anything is replaced: the target must be empty (unless `force`), the
 * archive must be of this database kind and not newer than this code (its migrations all known), its
 * keys must open with the configured PAYLOAD_SECRET (or with the escrow passphrase, in which case they
 * are re-encrypted for the configured secret), and every file must match its SHA-256 while it is
 * unpacked beside the target. Then the database and media are put in place (anything there before is
 * moved aside, never deleted), Payload starts on the database so migrations run forward, and the
 * counts are compared with the manifest.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Payload, SanitizedConfig } from 'payload'

import { dataDir, type DatabaseChoice } from '@/config/env'
import { developmentRootDir } from '@/config/licensing'
import { payloadSecret } from '@/config/secrets'
import { MONGODUMP_FILE, mongoContents, restoreMongo } from '@/db/backup/mongodb'
import { installSqliteFile, sqliteContents, sqliteCounts, sqliteFilePath, sqliteTableOf } from '@/db/backup/sqlite'
import { decryptPrivateKey, encryptPrivateKey } from '@/licensing'
import { migrations as knownMigrations } from '@/migrations'
import { readArchive, readManifest } from './archive'
import { SQLITE_FILE } from './create'
import { BackupError } from '@/db/backup/errors'
import { DEVELOPMENT_ROOT_DIR, ESCROW_PATH, MEDIA_DIR, SIGNING_KEYS_PATH, type BackupManifest } from './manifest'
import { describeMediaStore, installMedia, mediaCount, type MediaStore } from './media'
import { secretFingerprint } from './secret-fingerprint'
import { decryptStoredKeys, openEscrow, parseSigningKeysFile, type EscrowedKey } from './signing-keys-file'

export interface RestoreInput {
  archive: string
  /** Replace a database or media folder that holds data (moved aside, not deleted). */
  force: boolean
  /** The passphrase of the key escrow, for restoring with a PAYLOAD_SECRET other than the archive's. */
  escrowPassphrase: string | null
  /** An escrow file kept apart from the archive (else the archive's keys/escrow.json). */
  escrowFile: string | null
  database: DatabaseChoice
  media: MediaStore
  /** The PAYLOAD_SECRET configured here, if there is one (existingPayloadSecret()). */
  secret: string | null
  log: (line: string) => void
}

export interface RestoredCount {
  slug: string
  manifest: number | null
  restored: number
}

export interface RestoreResult {
  manifest: BackupManifest
  target: string
  checkedFiles: number
  checkedBytes: number
  movedAside: string[]
  migratedForward: string[]
  reencrypted: boolean
  keys: { kid: string; status: string }[]
  media: number
  counts: RestoredCount[]
  /** Collections whose count after the start differs from the manifest (start-up work, or a MongoDB dump of a busy database). */
  differences: RestoredCount[]
}

const stampOf = (d: Date) => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z')

function targetDescription(db: DatabaseChoice): string {
  return db.kind === 'sqlite' ? `SQLite ${sqliteFilePath(db.url)}` : `MongoDB ${db.url.replace(/\/\/[^@/]*@/, '//***@')}`
}

async function refuseNonEmptyTarget(input: RestoreInput): Promise<void> {
  const contents = input.database.kind === 'sqlite' ? await sqliteContents(sqliteFilePath(input.database.url)) : await mongoContents(input.database.url)
  const media = await mediaCount(input.media)
  if (input.force || (!contents && !media)) return
  const what = [contents && `the database (${targetDescription(input.database)}) holds ${contents}`, media && `the media store (${describeMediaStore(input.media)}) holds ${media} file(s)`].filter(Boolean).join(' and ')
  throw new BackupError(
    `Refusing to restore: ${what}. Restore into an empty DATA_DIR (or database), or pass --force to replace it — ` +
      `an SQLite file and a media folder are moved aside (…before-restore-<time>), a MongoDB database is dropped collection by collection, bucket objects of the same name are replaced. Stop the server first.`,
  )
}

type KeyPlan = { mode: 'same' } | { mode: 'escrow'; source: string }

function planKeys(manifest: BackupManifest, input: RestoreInput): KeyPlan {
  const needed = manifest.signingKeys.encryptedWith.fingerprint
  const have = input.secret ? secretFingerprint(input.secret) : null
  if (have === needed) return { mode: 'same' }
  if (input.escrowPassphrase !== null) {
    const source = input.escrowFile ?? (manifest.signingKeys.escrow ? ESCROW_PATH : null)
    if (!source) throw new BackupError(`The archive has no key escrow (it was made without --escrow): give the escrow file with --escrow-file FILE, or set PAYLOAD_SECRET to the secret with fingerprint ${needed}.`)
    return { mode: 'escrow', source }
  }
  const configured = have ? `the configured PAYLOAD_SECRET has fingerprint ${have}` : 'no PAYLOAD_SECRET is configured (neither the variable nor DATA_DIR/payload-secret)'
  throw new BackupError(
    `The archive's signing keys are encrypted with the PAYLOAD_SECRET whose fingerprint is ${needed}, but ${configured}. ` +
      `Set PAYLOAD_SECRET to that secret (or copy the old DATA_DIR/payload-secret into DATA_DIR), or restore with --escrow-passphrase-file FILE ` +
      `${manifest.signingKeys.escrow ? '(the archive holds a key escrow)' : 'and --escrow-file FILE (this archive holds no key escrow)'} to re-encrypt the keys for the configured secret.`,
  )
}

function checkArchiveFits(manifest: BackupManifest, input: RestoreInput): void {
  if (manifest.database.file === null) {
    throw new BackupError(
      'The archive holds no database: it was made with --without-database, beside the database service\'s own backups. Restore the database from those (e.g. an Atlas snapshot), ' +
        'then compare it with this archive: npm run backup:verify -- ARCHIVE --database (docs/backup.md, "MongoDB").',
    )
  }
  if (manifest.database.kind !== input.database.kind) {
    throw new BackupError(`The archive holds ${manifest.database.kind === 'sqlite' ? 'an SQLite' : 'a MongoDB'} database, but DATABASE_URI configures ${input.database.kind === 'sqlite' ? 'SQLite' : 'MongoDB'}: set DATABASE_URI to a ${manifest.database.kind === 'sqlite' ? 'file: URL (or leave it empty)' : 'mongodb:// URL'} to restore it.`)
  }
  if (manifest.database.kind === 'sqlite') {
    const known = new Set(knownMigrations.map((m) => m.name))
    const unknown = manifest.database.migrations.filter((m) => m !== 'dev' && !known.has(m))
    if (unknown.length) {
      throw new BackupError(`The archive was made by a newer version (${manifest.product.version}): its database has migrations this version does not know (${unknown.join(', ')}). Restore it with that version or a later one.`)
    }
    if (manifest.database.migrations.includes('dev')) throw new BackupError('The archive holds a development database whose schema was pushed (DB_PUSH), not migrated: it cannot be restored as a migrated database.')
  }
}

/** The escrowed keys matching every stored key (same kid and public key), decrypted. */
function keysFromEscrow(text: string, where: string, passphrase: string, stored: { kid: string; publicKey: string }[]): Map<string, EscrowedKey> {
  const escrowed = openEscrow(text, passphrase, where)
  const byKid = new Map(escrowed.map((k) => [k.kid, k]))
  for (const key of stored) {
    const e = byKid.get(key.kid)
    if (!e || e.publicKey.trim() !== key.publicKey.trim()) throw new BackupError(`The escrow ${where} does not hold signing key ${key.kid} of the archive: use the escrow written with this backup (or a later one).`)
  }
  return byKid
}

export async function restoreBackup(input: RestoreInput): Promise<RestoreResult> {
  const archive = path.resolve(input.archive)
  if (!fs.existsSync(archive)) throw new BackupError(`${archive} does not exist.`)
  if (input.escrowFile && !fs.existsSync(input.escrowFile)) throw new BackupError(`The escrow file ${input.escrowFile} does not exist.`)
  // The cheap refusals first: the manifest alone says whether the archive fits and its keys can be opened.
  const peeked = await readManifest(archive)
  checkArchiveFits(peeked, input)
  planKeys(peeked, input)
  await refuseNonEmptyTarget(input)

  const now = new Date()
  const stamp = stampOf(now)
  // Unpacked beside the target, so putting it in place is a rename.
  const stagingParent = input.database.kind === 'sqlite' ? path.dirname(sqliteFilePath(input.database.url)) : dataDir()
  fs.mkdirSync(stagingParent, { recursive: true })
  const staging = fs.mkdtempSync(path.join(stagingParent, '.pumotix-restore-'))
  const stagedDb = input.database.kind === 'sqlite' ? `${sqliteFilePath(input.database.url)}.restore-${crypto.randomBytes(4).toString('hex')}.partial` : path.join(staging, MONGODUMP_FILE)
  const plan: { keys: KeyPlan } = { keys: { mode: 'same' } }
  const movedAside: string[] = []
  let installed = false
  try {
    input.log(`checking ${archive} …`)
    const read = await readArchive(archive, {
      onManifest: (m) => {
        checkArchiveFits(m, input)
        plan.keys = planKeys(m, input)
      },
      destinationFor: (p) => (p === SQLITE_FILE || p === MONGODUMP_FILE ? stagedDb : p.startsWith(`${MEDIA_DIR}/`) || p.startsWith(`${DEVELOPMENT_ROOT_DIR}/`) ? path.join(staging, ...p.split('/')) : null),
      keepText: (p) => p === SIGNING_KEYS_PATH || p === ESCROW_PATH,
    })
    const { manifest } = read
    const stored = parseSigningKeysFile(read.texts.get(SIGNING_KEYS_PATH) ?? '').keys
    if (stored.map((k) => k.kid).join() !== manifest.signingKeys.kids.join()) throw new BackupError('keys/signing-keys.json does not hold the keys the manifest names: the archive was altered.')

    let escrowed: Map<string, EscrowedKey> | null = null
    const keyPlan = plan.keys
    if (keyPlan.mode === 'same') {
      decryptStoredKeys(stored, input.secret ?? '', manifest.signingKeys.encryptedWith.fingerprint)
    } else {
      const where = keyPlan.source === ESCROW_PATH ? `${ESCROW_PATH} in the archive` : keyPlan.source
      const text = keyPlan.source === ESCROW_PATH ? (read.texts.get(ESCROW_PATH) ?? '') : fs.readFileSync(keyPlan.source, 'utf8')
      escrowed = keysFromEscrow(text, where, input.escrowPassphrase ?? '', stored)
    }

    // The config (collections, and with them the SQLite tables) is loaded only now: loading it may
    // generate a PAYLOAD_SECRET in a fresh DATA_DIR, which is right only once the restore goes ahead.
    const { default: configPromise } = await import('@payload-config')
    const config = await configPromise
    const manifestSlugs = new Set(Object.keys(manifest.counts))
    const collections = config.collections.filter((c) => manifestSlugs.has(c.slug)).map((c) => ({ slug: c.slug, table: sqliteTableOf(c) }))
    if (input.database.kind === 'sqlite') {
      const counts = await sqliteCounts(stagedDb, collections)
      const wrong = collections.filter((c) => counts[c.slug] !== manifest.counts[c.slug])
      if (wrong.length) throw new BackupError(`The database in the archive does not hold the counts its manifest states (${wrong.map((c) => `${c.slug}: ${counts[c.slug]} vs ${manifest.counts[c.slug]}`).join(', ')}): the archive is inconsistent.`)
    }

    // Put the database and the media in place.
    if (input.database.kind === 'sqlite') {
      const moved = installSqliteFile(stagedDb, sqliteFilePath(input.database.url), stamp)
      if (moved) movedAside.push(moved)
    } else {
      await restoreMongo(input.database.url, stagedDb, manifest.database.name ?? '', input.force)
    }
    installed = true
    return await finishRestore(input, { manifest, read, config, stamp, staging, movedAside, escrowed })
  } finally {
    fs.rmSync(staging, { recursive: true, force: true })
    if (!installed) fs.rmSync(stagedDb, { force: true })
  }
}

/** After the database is in place: media, Payload (migrations), keys, counts. A failure here says the database was restored. */
async function finishRestore(
  input: RestoreInput,
  { manifest, read, config, stamp, staging, movedAside, escrowed }: { manifest: BackupManifest; read: { bytes: number }; config: SanitizedConfig; stamp: string; staging: string; movedAside: string[]; escrowed: Map<string, EscrowedKey> | null },
): Promise<RestoreResult> {
  try {
    const mediaFiles = manifest.files.filter((f) => f.path.startsWith(`${MEDIA_DIR}/`)).map((f) => f.path.slice(MEDIA_DIR.length + 1))
    const movedMedia = await installMedia(input.media, path.join(staging, MEDIA_DIR), mediaFiles, stamp)
    if (movedMedia) movedAside.push(movedMedia)

    // The development root goes back before Payload starts, so start-up reuses it instead of making another.
    const devRootFiles = manifest.files.filter((f) => f.path.startsWith(`${DEVELOPMENT_ROOT_DIR}/`))
    if (devRootFiles.length) {
      fs.mkdirSync(developmentRootDir(), { recursive: true, mode: 0o700 })
      for (const f of devRootFiles) fs.copyFileSync(path.join(staging, ...f.path.split('/')), path.join(developmentRootDir(), path.basename(f.path)))
      for (const f of devRootFiles) fs.chmodSync(path.join(developmentRootDir(), path.basename(f.path)), 0o600)
    }

    // Payload on the restored database: migrations run forward, then the start-up work.
    const startedAt = new Date().toISOString()
    const { getPayload } = await import('payload')
    const payload = await getPayload({ config })
    try {
      const after = await payload.find({ collection: 'payload-migrations', pagination: false, sort: 'createdAt', depth: 0, overrideAccess: true })
      const before = new Set(manifest.database.migrations)
      const migratedForward = after.docs.flatMap((m) => (m.name && !before.has(m.name) ? [m.name] : []))
      if (escrowed) await reencryptKeys(payload, escrowed)
      const keys = await checkKeysOpen(payload)
      const counts: RestoredCount[] = []
      for (const c of config.collections) counts.push({ slug: c.slug, manifest: manifest.counts[c.slug] ?? null, restored: (await payload.db.count({ collection: c.slug, where: {} })).totalDocs })
      // What the restored installation's own start wrote (migrations run forward, a key certified, an entry in the audit log) is not a difference.
      const expectedGrowth: Record<string, number> = {}
      for (const c of config.collections) {
        if (c.timestamps === false) continue
        expectedGrowth[c.slug] = (await payload.db.count({ collection: c.slug, where: { createdAt: { greater_than_equal: startedAt } } })).totalDocs
      }
      const differences = counts.filter((c) => c.manifest !== null && c.restored !== c.manifest + (expectedGrowth[c.slug] ?? 0))
      return {
        manifest,
        target: targetDescription(input.database),
        checkedFiles: manifest.files.length,
        checkedBytes: read.bytes,
        movedAside,
        migratedForward,
        reencrypted: Boolean(escrowed),
        keys,
        media: mediaFiles.length,
        counts,
        differences,
      }
    } finally {
      await payload.destroy()
    }
  } catch (err) {
    if (err instanceof BackupError) throw err
    throw new BackupError(`The database was put in place (${targetDescription(input.database)}${movedAside.length ? `; the previous one moved aside to ${movedAside.join(', ')}` : ''}), but then the restore failed: ${err instanceof Error ? err.message : String(err)}`)
  }
}

/** The escrowed private keys, encrypted anew with this installation's PAYLOAD_SECRET. */
async function reencryptKeys(payload: Payload, escrowed: Map<string, EscrowedKey>): Promise<void> {
  const secret = payloadSecret()
  const rows = await payload.find({ collection: 'signing-keys', pagination: false, depth: 0, overrideAccess: true })
  for (const row of rows.docs) {
    const key = escrowed.get(row.kid)
    if (!key) continue // made by this start (LICENSE_SIGNING_KEY): already encrypted with this secret
    await payload.update({ collection: 'signing-keys', id: row.id, data: { privateKeyEncrypted: encryptPrivateKey(key.privateKeyPem, secret) }, overrideAccess: true, depth: 0 })
  }
}

/** Every signing key decrypts with the configured secret; their kids and states. */
async function checkKeysOpen(payload: Payload): Promise<{ kid: string; status: string }[]> {
  const secret = payloadSecret()
  const rows = await payload.find({ collection: 'signing-keys', pagination: false, sort: 'createdAt', depth: 0, overrideAccess: true, showHiddenFields: true })
  return rows.docs.map((row) => {
    try {
      decryptPrivateKey(row.privateKeyEncrypted, secret)
    } catch {
      throw new BackupError(`Restored, but signing key ${row.kid} does not decrypt with the configured PAYLOAD_SECRET: licenses cannot be issued until it does.`)
    }
    return { kid: row.kid, status: row.status }
  })
}
