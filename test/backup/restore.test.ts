/**
 * `npm run backup` and `npm run restore` as commands, on real SQLite files: the local set-up (secret
 * in DATA_DIR/payload-secret, default archive under DATA_DIR/backups), a restore with another
 * PAYLOAD_SECRET through the key escrow, --force moving the old database and media aside, and an
 * archive older than the code whose migrations run forward on restore.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import Database from 'libsql'
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { createLocalReq, type Payload } from 'payload'

import { readManifest } from '@/backup/archive'
import { createBackup } from '@/backup/create'
import { databaseChoice } from '@/config/env'
import { decryptPrivateKey } from '@/licensing'
import { migrations } from '@/migrations'
import { bootPayload, type TestContext } from '../support/payload'
import { createController } from '../support/licensing-fixtures'
import { createUser } from '../support/users'
import { commandEnv, runScript, succeeded } from './support'

const ESCROW_PASSPHRASE = 'correct horse battery staple'
const OTHER_SECRET = 'restored-elsewhere-0123456789abcdef0123456789ab'
let ctx: TestContext
let payload: Payload
let work: string

beforeAll(async () => {
  ctx = await bootPayload()
  payload = ctx.payload
  for (let i = 0; i < 2; i++) await createController(payload, { owner: (await createUser(payload, 'customer')).id })
  fs.mkdirSync(path.join(ctx.dataDir, 'media'), { recursive: true })
  fs.writeFileSync(path.join(ctx.dataDir, 'media', 'a.png'), 'image a')
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-restore-'))
})

afterAll(async () => {
  await ctx?.stop()
  fs.rmSync(work, { recursive: true, force: true })
})

const rows = (file: string, sql: string) => {
  const db = new Database(file, { readonly: true })
  try {
    return db.prepare(sql).all() as Record<string, unknown>[]
  } finally {
    db.close()
  }
}

test('local set-up: the secret from DATA_DIR/payload-secret, the archive under DATA_DIR/backups, restored into a DATA_DIR holding only the copied secret file', async () => {
  // A data directory as `npm start` leaves it: the generated secret in a file, not in the environment.
  const source = path.join(work, 'local-source')
  fs.mkdirSync(source)
  fs.writeFileSync(path.join(source, 'payload-secret'), `${process.env.PAYLOAD_SECRET}\n`, { mode: 0o600 })
  const live = new Database(databaseChoice().url.slice('file:'.length))
  live.prepare('VACUUM INTO ?').run(path.join(source, 'pumotix.db'))
  live.close()
  const backup = succeeded(await runScript('backup', [], commandEnv(source)))
  expect(backup.stderr).toBe('')
  const written = /^Backup written: (.*)$/m.exec(backup.stdout)![1]
  expect(path.dirname(written)).toBe(path.join(source, 'backups'))
  expect(path.basename(written)).toMatch(/^pumotix-backup-\d{8}T\d{6}Z\.tar\.gz$/)
  expect(fs.statSync(written).mode & 0o777).toBe(0o600)
  expect(backup.stdout).toMatch(/SHA-256 [0-9a-f]{64}/)

  const target = path.join(work, 'local-target')
  fs.mkdirSync(target)
  fs.copyFileSync(path.join(source, 'payload-secret'), path.join(target, 'payload-secret'))
  const restore = succeeded(await runScript('restore', [written], commandEnv(target)))
  expect(restore.stdout).toContain(`Restored ${written} into SQLite ${path.join(target, 'pumotix.db')}`)
  expect(restore.stdout).toContain('migrations run forward: none (the archive was up to date)')
  expect(restore.stdout).toContain('every count matches the manifest')
  expect(rows(path.join(target, 'pumotix.db'), 'SELECT count(*) AS n FROM controllers')[0].n).toBe(2)

  // The restored database compared with the manifest: the same; after a change, the difference.
  const same = succeeded(await runScript('backup-verify', [written, '--database'], commandEnv(target)))
  expect(same.stdout).toContain('The configured database matches the manifest: counts, migrations and signing keys.')
  const db = new Database(path.join(target, 'pumotix.db'))
  db.prepare('DELETE FROM controllers WHERE id = (SELECT max(id) FROM controllers)').run()
  db.close()
  const changed = await runScript('backup-verify', [written, '--database'], commandEnv(target))
  expect(changed.code).toBe(1)
  expect(changed.stdout).toContain('The configured database differs from the manifest:\n  controllers: 1 in the database, 2 in the manifest')
  expect(changed.stderr).toContain('backup:verify: The configured database does not hold what the backup does (see above).')
})

test('--without-database (beside a managed database\'s own backups): keys, media and the manifest only; restore refuses it and says what to do instead', async () => {
  const archive = path.join(work, 'no-db.tar.gz')
  const made = succeeded(await runScript('backup', ['--out', archive, '--without-database'], commandEnv(ctx.dataDir, { PAYLOAD_SECRET: process.env.PAYLOAD_SECRET, DATABASE_URI: process.env.DATABASE_URI })))
  expect(made.stdout).toContain('database: SQLite — not in the archive (--without-database)')
  const manifest = await readManifest(archive)
  expect(manifest.database.file).toBeNull()
  expect(manifest.files.map((f) => f.path)).toEqual(['keys/signing-keys.json', 'keys/development-root/development-root.key', 'keys/development-root/development-root.passphrase', 'media/a.png'])
  expect(manifest.counts).toMatchObject({ users: 2, controllers: 2 })
  const refused = await runScript('restore', [archive], commandEnv(path.join(work, 'no-db-target'), { PAYLOAD_SECRET: process.env.PAYLOAD_SECRET }))
  expect(refused.code).toBe(1)
  expect(refused.stderr).toContain('restore: The archive holds no database: it was made with --without-database, beside the database service\'s own backups.')
})

test('restore with another PAYLOAD_SECRET through the escrow: the keys are re-encrypted for it; then --force moves the restored data aside for a second restore', async () => {
  const archive = path.join(work, 'escrowed.tar.gz')
  const passFile = path.join(work, 'escrow-pass')
  fs.writeFileSync(passFile, `${ESCROW_PASSPHRASE}\n`)
  const backup = succeeded(await runScript('backup', ['--out', archive, '--escrow', '--passphrase-file', passFile], commandEnv(ctx.dataDir, { PAYLOAD_SECRET: process.env.PAYLOAD_SECRET, DATABASE_URI: process.env.DATABASE_URI })))
  const escrowCopy = path.join(work, 'escrowed.escrow.json')
  expect(backup.stdout).toContain(`escrow copy for safe keeping offline: ${escrowCopy}`)
  expect(fs.statSync(escrowCopy).mode & 0o777).toBe(0o600)
  expect(fs.readFileSync(escrowCopy, 'utf8')).not.toContain('PRIVATE KEY')
  const manifest = await readManifest(archive)

  const target = path.join(work, 'other-secret')
  const env = commandEnv(target, { PAYLOAD_SECRET: OTHER_SECRET })
  const restored = succeeded(await runScript('restore', [archive, '--escrow-passphrase-file', passFile], env))
  expect(restored.stdout).toContain('re-encrypted from the escrow for the configured PAYLOAD_SECRET; all open with the configured PAYLOAD_SECRET')
  expect(restored.stdout).toContain('media: 1 file(s)')
  expect(fs.readFileSync(path.join(target, 'media', 'a.png'), 'utf8')).toBe('image a')
  const keys = rows(path.join(target, 'pumotix.db'), 'SELECT kid, public_key, private_key_encrypted FROM signing_keys')
  expect(keys.map((k) => k.kid)).toEqual(manifest.signingKeys.kids)
  const pem = decryptPrivateKey(String(keys[0].private_key_encrypted), OTHER_SECRET)
  expect(pem).toContain('PRIVATE KEY')
  expect(() => decryptPrivateKey(String(keys[0].private_key_encrypted), process.env.PAYLOAD_SECRET!)).toThrow(/could not be decrypted/)

  // The target now holds data: refused without --force …
  const again = await runScript('restore', [archive, '--escrow-passphrase-file', passFile], env)
  expect(again.code).toBe(1)
  expect(again.stderr).toMatch(/restore: Refusing to restore: the database \(SQLite .*other-secret\/pumotix\.db\) holds \d+ tables \(users 2, controllers 2, licenses 0, signing_keys 1\) and the media store \(.*other-secret\/media\) holds 1 file\(s\)/)
  // … and with --force the old database and media are moved aside, not deleted.
  const forced = succeeded(await runScript('restore', [archive, '--force', '--escrow-passphrase-file', passFile], env))
  const moved = [...forced.stdout.matchAll(/moved aside \(not deleted\): (.*)/g)].map((m) => m[1])
  expect(moved).toHaveLength(2)
  expect(moved[0]).toMatch(/other-secret\/pumotix\.db\.before-restore-\d{8}T\d{6}Z$/)
  expect(moved[1]).toMatch(/other-secret\/media\.before-restore-\d{8}T\d{6}Z$/)
  expect(rows(moved[0], 'SELECT count(*) AS n FROM users')[0].n).toBe(2)
  expect(fs.readdirSync(moved[1])).toEqual(['a.png'])
})

test('an archive older than the code: the restore runs the missing migration forward and says so', async () => {
  // Roll this database back by its newest migration, as a database of the previous release would be.
  const last = migrations[migrations.length - 1]
  await last.down({ db: payload.db.drizzle, payload, req: await createLocalReq({}, payload) })
  await payload.delete({ collection: 'payload-migrations', where: { name: { equals: last.name } }, overrideAccess: true })
  const archive = path.join(work, 'older.tar.gz')
  await createBackup({ out: archive, now: new Date(), secret: process.env.PAYLOAD_SECRET!, escrowPassphrase: null, database: databaseChoice(), collections: payload.config.collections, media: { kind: 'disk', dir: path.join(ctx.dataDir, 'media') } })
  expect((await readManifest(archive)).database.migrations).not.toContain(last.name)

  const target = path.join(work, 'older-target')
  const restored = succeeded(await runScript('restore', [archive], commandEnv(target, { PAYLOAD_SECRET: process.env.PAYLOAD_SECRET })))
  expect(restored.stdout).toContain(`migrations run forward: ${last.name}`)
  expect(restored.stdout).toContain('every count matches the manifest')
  const file = path.join(target, 'pumotix.db')
  expect(rows(file, 'SELECT name FROM payload_migrations ORDER BY id').map((r) => r.name)).toEqual(migrations.map((m) => m.name))
  expect(rows(file, "SELECT name FROM sqlite_master WHERE type = 'index' AND name = 'options_locales_parent_id_idx'")).toHaveLength(1)
})
