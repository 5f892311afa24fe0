/**
 * Bad archives and bad restores are refused, each with a message that says what is wrong and what to
 * do, before anything in the target is touched: truncated, altered (content, manifest, an extra or a
 * missing file, compressed bytes), not an archive, a newer format or newer migrations, the wrong
 * PAYLOAD_SECRET, a wrong escrow passphrase, a target that holds data, the wrong database kind.
 * One real backup of a small database (SQLite file, signing key, a media file) is taken in this
 * process and altered with GNU tar; `backup:verify` and `restore` also run as commands for their
 * exit codes and output.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import zlib from 'node:zlib'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { Payload } from 'payload'

import { createBackup } from '@/backup/create'
import { restoreBackup, type RestoreInput } from '@/backup/restore'
import { secretFingerprint } from '@/backup/secret-fingerprint'
import { verifyBackup } from '@/backup/verify'
import { databaseChoice } from '@/config/env'
import { issueLicense } from '@/domain/issue-license'
import { bootPayload, type TestContext } from '../support/payload'
import { createController, createOption } from '../support/licensing-fixtures'
import { createUser } from '../support/users'
import { commandEnv, readJson, repack, runScript, unpack, writeJson } from './support'

const ESCROW_PASSPHRASE = 'correct horse battery staple'
let ctx: TestContext
let payload: Payload
let work: string
let archive: string
let plainArchive: string
let escrowText: string
let secret: string

beforeAll(async () => {
  ctx = await bootPayload()
  payload = ctx.payload
  secret = process.env.PAYLOAD_SECRET!
  const option = await createOption(payload)
  for (let i = 0; i < 3; i++) {
    const customer = await createUser(payload, 'customer')
    // A factory option: licensed without an order (issuance needs a paid order with evidence for a bought one).
    const controller = await createController(payload, { owner: customer.id, factoryOptions: [option.id] })
    await issueLicense(payload, { controllerId: controller.id, options: [option.code as string] })
  }
  fs.mkdirSync(path.join(ctx.dataDir, 'media'), { recursive: true })
  fs.writeFileSync(path.join(ctx.dataDir, 'media', 'cover.png'), Buffer.from('not really a png'))
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-refusals-'))
  const base = { now: new Date(), secret, database: databaseChoice(), collections: payload.config.collections, media: { kind: 'disk' as const, dir: path.join(ctx.dataDir, 'media') } }
  const good = await createBackup({ ...base, out: path.join(work, 'good.tar.gz'), escrowPassphrase: ESCROW_PASSPHRASE })
  archive = good.file
  escrowText = good.escrowText!
  plainArchive = (await createBackup({ ...base, out: path.join(work, 'plain.tar.gz'), escrowPassphrase: null })).file
})

afterAll(async () => {
  await ctx?.stop()
  fs.rmSync(work, { recursive: true, force: true })
})

/** A fresh, empty target for a restore in this process (the refusals all come before Payload would start). */
function freshTarget(overrides: Partial<RestoreInput> = {}): RestoreInput {
  const dir = fs.mkdtempSync(path.join(work, 'target-'))
  return {
    archive,
    force: false,
    escrowPassphrase: null,
    escrowFile: null,
    database: { kind: 'sqlite', url: `file:${path.join(dir, 'pumotix.db')}` },
    media: { kind: 'disk', dir: path.join(dir, 'media') },
    secret,
    log: () => undefined,
    ...overrides,
  }
}

async function restoreRefusal(input: RestoreInput): Promise<string> {
  const dir = path.dirname(input.database.url.slice('file:'.length))
  const before = fs.existsSync(dir) ? fs.readdirSync(dir) : []
  try {
    await restoreBackup(input)
  } catch (err) {
    // Nothing was left behind in the target folder by the refused restore.
    expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual(before)
    return (err as Error).message
  }
  throw new Error('the restore was not refused')
}

async function verifyRefusal(file: string): Promise<string> {
  try {
    await verifyBackup({ archive: file, secret, escrowPassphrase: null, escrowFile: null })
  } catch (err) {
    return (err as Error).message
  }
  throw new Error('the archive was accepted')
}

/** The good archive unpacked, changed by `change`, and packed again in the same order. */
function altered(name: string, change: (dir: string, entries: string[]) => string[] | void): string {
  const dir = path.join(work, `${name}-unpacked`)
  const entries = unpack(archive, dir)
  const order = change(dir, entries) ?? entries
  return repack(dir, order, path.join(work, `${name}.tar.gz`))
}

test('the good archive verifies: every file checked, the configured secret and the escrow passphrase open its keys', async () => {
  const result = await verifyBackup({ archive, secret, escrowPassphrase: ESCROW_PASSPHRASE, escrowFile: null })
  expect(result.secret).toBe('opens')
  expect(result.escrowKeys).toBe(1)
  expect(result.manifest.media).toEqual({ from: 'disk', files: 1 })
  expect(result.manifest.signingKeys.encryptedWith.fingerprint).toBe(secretFingerprint(secret))
  expect(result.manifest.files.map((f) => f.path)).toEqual(['keys/signing-keys.json', 'keys/escrow.json', 'database/pumotix.db', 'keys/development-root/development-root.key', 'keys/development-root/development-root.passphrase', 'media/cover.png'])
  expect(result.manifest.counts).toMatchObject({ users: 3, controllers: 3, licenses: 3, 'signing-keys': 1 })
  // The fingerprint never is the secret or a plain hash of it.
  expect(JSON.stringify(result.manifest)).not.toContain(secret)
})

test('`npm run backup:verify` prints what the archive holds and exits 0; for a damaged one it exits 1 with the reason', async () => {
  const ok = await runScript('backup-verify', [archive, '--escrow-passphrase-file', writePassphrase(ESCROW_PASSPHRASE)], commandEnv(ctx.dataDir, { PAYLOAD_SECRET: secret }))
  expect(ok.code).toBe(0)
  expect(ok.stdout).toContain(`Archive OK: ${archive}`)
  expect(ok.stdout).toMatch(/7 entries checked .*every size and SHA-256 as the manifest states/)
  expect(ok.stdout).toContain('the configured PAYLOAD_SECRET opens the signing keys')
  expect(ok.stdout).toContain('the escrow passphrase opens the escrow: 1 key(s)')
  expect(ok.stdout).toMatch(/counts: users 3, controllers 3, orders 0, payments 0, licenses 3/)

  const truncated = path.join(work, 'cli-truncated.tar.gz')
  fs.writeFileSync(truncated, fs.readFileSync(archive).subarray(0, 4000))
  const bad = await runScript('backup-verify', [truncated], commandEnv(ctx.dataDir, { PAYLOAD_SECRET: secret }))
  expect(bad.code).toBe(1)
  expect(bad.stderr.trim()).toBe(`backup:verify: ${truncated} is truncated: its compressed data ends early (an incomplete download or copy?).`)
  const usage = await runScript('backup-verify', [], commandEnv(ctx.dataDir, { PAYLOAD_SECRET: secret }))
  expect(usage.code).toBe(2)
  expect(usage.stderr).toMatch(/^backup:verify: which archive\? give its path\n\nusage: npm run backup:verify ARCHIVE/)
})

function writePassphrase(text: string): string {
  const file = path.join(work, `pass-${Math.random().toString(36).slice(2)}`)
  fs.writeFileSync(file, `${text}\n`)
  return file
}

describe('damaged and altered archives', () => {
  test('truncated anywhere: refused as truncated, and a restore leaves the target untouched', async () => {
    const bytes = fs.readFileSync(archive)
    for (const cut of [0.1, 0.5, 0.99]) {
      const file = path.join(work, `truncated-${cut}.tar.gz`)
      fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length * cut)))
      expect(await verifyRefusal(file)).toBe(`${file} is truncated: its compressed data ends early (an incomplete download or copy?).`)
      expect(await restoreRefusal(freshTarget({ archive: file }))).toBe(`${file} is truncated: its compressed data ends early (an incomplete download or copy?).`)
    }
  })

  test('one byte of the database changed (the archive re-packed so gzip and tar are valid): refused by its SHA-256', async () => {
    const file = altered('db-byte', (dir) => {
      const db = path.join(dir, 'database/pumotix.db')
      const bytes = fs.readFileSync(db)
      bytes[bytes.length - 100] ^= 0x01
      fs.writeFileSync(db, bytes)
    })
    const message = await verifyRefusal(file)
    expect(message).toMatch(new RegExp(`^database/pumotix\\.db in ${file} does not match its checksum in the manifest \\(SHA-256 [0-9a-f]{64}, expected [0-9a-f]{64}\\): the archive was altered or damaged\\.$`))
    expect(await restoreRefusal(freshTarget({ archive: file }))).toBe(message)
  })

  test('a changed media file, an extra file, a missing file, a manifest that is not JSON or lies about a size: each refused', async () => {
    const media = altered('media-changed', (dir) => fs.appendFileSync(path.join(dir, 'media/cover.png'), '!'))
    expect(await verifyRefusal(media)).toMatch(/^media\/cover\.png in .* is 17 bytes, but the manifest says 16: the archive was altered or damaged\.$/)

    const extra = altered('extra', (dir, entries) => {
      fs.writeFileSync(path.join(dir, 'media/planted.js'), 'alert(1)')
      return [...entries, 'media/planted.js']
    })
    expect(await verifyRefusal(extra)).toBe(`${extra} holds media/planted.js, which its manifest does not list: the archive was altered.`)

    const missing = altered('missing', (_dir, entries) => entries.filter((e) => e !== 'media/cover.png'))
    expect(await verifyRefusal(missing)).toBe(`${missing} lacks 1 file(s) its manifest lists (media/cover.png): the archive is incomplete or was altered.`)

    const notJson = altered('manifest-not-json', (dir) => fs.writeFileSync(path.join(dir, 'manifest.json'), '{ "format": "pumotix-backup", '))
    expect(await verifyRefusal(notJson)).toBe('manifest.json is not valid JSON: the archive is damaged or was altered.')

    const noDb = altered('manifest-no-db', (dir) => {
      const m = readJson(path.join(dir, 'manifest.json'))
      m.files = m.files.filter((f: { path: string }) => f.path !== 'database/pumotix.db')
      writeJson(path.join(dir, 'manifest.json'), m)
    })
    expect(await verifyRefusal(noDb)).toBe('manifest.json is not valid: files does not list database/pumotix.db. The archive is damaged or was altered.')

    const reordered = altered('manifest-not-first', (_dir, entries) => [...entries.slice(1), entries[0]])
    expect(await verifyRefusal(reordered)).toBe(`${reordered} does not start with manifest.json (it starts with keys/signing-keys.json): it is not a PUMOTIX backup archive.`)
  })

  test('counts in the manifest that the database does not hold: the restore refuses before putting anything in place', async () => {
    const file = altered('counts', (dir) => {
      const m = readJson(path.join(dir, 'manifest.json'))
      m.counts.licenses = 4
      writeJson(path.join(dir, 'manifest.json'), m)
    })
    expect(await restoreRefusal(freshTarget({ archive: file }))).toBe('The database in the archive does not hold the counts its manifest states (licenses: 3 vs 4): the archive is inconsistent.')
  })

  test('a changed compressed byte: refused as damaged or altered', async () => {
    const good = fs.readFileSync(archive)
    const content = zlib.gunzipSync(good)
    // Some bits of a deflate stream do not change what it decompresses to (such a flip leaves the
    // archive intact, and it is rightly accepted): flip the first byte from the middle on that does.
    const changesContent = (b: Buffer) => {
      try {
        return !zlib.gunzipSync(b).equals(content)
      } catch {
        return true
      }
    }
    let bytes = good
    for (let k = Math.floor(good.length / 2); bytes === good && k < good.length - 8; k++) {
      const flipped = Buffer.from(good)
      flipped[k] ^= 0x55
      if (changesContent(flipped)) bytes = flipped
    }
    expect(bytes).not.toBe(good)
    const file = path.join(work, 'flipped.tar.gz')
    fs.writeFileSync(file, bytes)
    expect(await verifyRefusal(file)).toMatch(/is damaged: its compressed data is corrupt|was altered or damaged|is not a valid tar header/)
  })

  test('a changed gzip trailer (the CRC-32 of everything): refused although every entry before it checks out', async () => {
    const bytes = Buffer.from(fs.readFileSync(archive))
    bytes[bytes.length - 8] ^= 0x01
    const file = path.join(work, 'trailer.tar.gz')
    fs.writeFileSync(file, bytes)
    expect(await verifyRefusal(file)).toMatch(/^\S+ is damaged: its compressed data is corrupt \(.*\)\. Use another copy of the backup\.$/)
  })

  test('bytes that are not zeros in the padding after an entry, or after the end-of-archive marker: refused', async () => {
    const tar = zlib.gunzipSync(fs.readFileSync(archive))
    // Walk the tar headers to an entry whose size leaves padding before the next 512-byte block.
    let at = 0
    let padded: { name: string; end: number } | null = null
    while (!padded && tar.subarray(at, at + 512).some((b) => b !== 0)) {
      const name = tar.subarray(at, at + 100).toString('latin1').replace(/\0.*$/s, '')
      const size = parseInt(tar.subarray(at + 124, at + 136).toString('latin1').replace(/\0.*$/s, '').trim(), 8)
      if (size % 512 !== 0 && tar[at + 156] === 0x30) padded = { name, end: at + 512 + size }
      at += 512 + Math.ceil(size / 512) * 512
    }
    expect(padded).not.toBeNull()
    const inPadding = Buffer.from(tar)
    inPadding[padded!.end] = 0x41
    const paddingFile = path.join(work, 'padding.tar.gz')
    fs.writeFileSync(paddingFile, zlib.gzipSync(inPadding))
    expect(await verifyRefusal(paddingFile)).toBe(`The archive is damaged or was altered: the padding after ${padded!.name} is not zeros.`)

    const afterEnd = Buffer.from(tar)
    afterEnd[afterEnd.length - 1] = 0x41
    const afterEndFile = path.join(work, 'after-end.tar.gz')
    fs.writeFileSync(afterEndFile, zlib.gzipSync(afterEnd))
    expect(await verifyRefusal(afterEndFile)).toMatch(/^The archive is damaged or was altered: it holds data after its end-of-archive marker \(after \S+\)\.$/)
  })

  test('not an archive at all, an empty file, a directory, a missing file', async () => {
    const text = path.join(work, 'notes.txt')
    fs.writeFileSync(text, 'these are not the droids')
    expect(await verifyRefusal(text)).toBe(`${text} is not a gzip-compressed archive: it is not a PUMOTIX backup (incorrect header check).`)
    const empty = path.join(work, 'empty.tar.gz')
    fs.writeFileSync(empty, '')
    expect(await verifyRefusal(empty)).toBe(`${empty} is empty: it is not a backup archive (an interrupted copy?).`)
    expect(await verifyRefusal(work)).toBe(`${work} is a directory, not a backup archive.`)
    expect(await verifyRefusal(path.join(work, 'nope.tar.gz'))).toBe(`${path.join(work, 'nope.tar.gz')} does not exist.`)
    expect(await restoreRefusal(freshTarget({ archive: path.join(work, 'nope.tar.gz') }))).toBe(`${path.join(work, 'nope.tar.gz')} does not exist.`)
  })

  test('a newer backup format, or a database with migrations this version does not know: restore with the newer version', async () => {
    const newer = altered('format-2', (dir) => {
      const m = readJson(path.join(dir, 'manifest.json'))
      writeJson(path.join(dir, 'manifest.json'), { ...m, formatVersion: 2, product: { name: 'pumotix-account', version: '9.0.0' } })
    })
    expect(await verifyRefusal(newer)).toBe('The archive has backup format 2, newer than this version of PUMOTIX Account reads (1): restore it with the version that made it (9.0.0) or newer.')
    const future = altered('migration-unknown', (dir) => {
      const m = readJson(path.join(dir, 'manifest.json'))
      m.product.version = '0.9.0'
      m.database.migrations.push('20271231_000000_from_the_future')
      writeJson(path.join(dir, 'manifest.json'), m)
    })
    expect(await restoreRefusal(freshTarget({ archive: future }))).toBe(
      'The archive was made by a newer version (0.9.0): its database has migrations this version does not know (20271231_000000_from_the_future). Restore it with that version or a later one.',
    )
  })
})

describe('restores that cannot go ahead', () => {
  test('the wrong PAYLOAD_SECRET, or none: the refusal names the secret needed (by fingerprint) and the ways out', async () => {
    const other = 'another-secret-0123456789abcdef0123456789abcdef'
    const needed = secretFingerprint(secret)
    expect(await restoreRefusal(freshTarget({ secret: other }))).toBe(
      `The archive's signing keys are encrypted with the PAYLOAD_SECRET whose fingerprint is ${needed}, but the configured PAYLOAD_SECRET has fingerprint ${secretFingerprint(other)}. ` +
        'Set PAYLOAD_SECRET to that secret (or copy the old DATA_DIR/payload-secret into DATA_DIR), or restore with --escrow-passphrase-file FILE (the archive holds a key escrow) to re-encrypt the keys for the configured secret.',
    )
    expect(await restoreRefusal(freshTarget({ secret: null, archive: plainArchive }))).toBe(
      `The archive's signing keys are encrypted with the PAYLOAD_SECRET whose fingerprint is ${needed}, but no PAYLOAD_SECRET is configured (neither the variable nor DATA_DIR/payload-secret). ` +
        'Set PAYLOAD_SECRET to that secret (or copy the old DATA_DIR/payload-secret into DATA_DIR), or restore with --escrow-passphrase-file FILE and --escrow-file FILE (this archive holds no key escrow) to re-encrypt the keys for the configured secret.',
    )
  })

  test('as a command: exit 1 and the same message, and the fresh DATA_DIR stays empty', async () => {
    const dir = fs.mkdtempSync(path.join(work, 'cli-target-'))
    const res = await runScript('restore', [archive], commandEnv(dir, { PAYLOAD_SECRET: 'another-secret-0123456789abcdef0123456789abcdef' }))
    expect(res.code).toBe(1)
    expect(res.stderr).toContain(`restore: The archive's signing keys are encrypted with the PAYLOAD_SECRET whose fingerprint is ${secretFingerprint(secret)}`)
    expect(fs.readdirSync(dir)).toEqual([])
  })

  test('a wrong escrow passphrase, an escrow that lacks a key, no escrow to use', async () => {
    const other = 'another-secret-0123456789abcdef0123456789abcdef'
    expect(await restoreRefusal(freshTarget({ secret: other, escrowPassphrase: 'not the passphrase at all' }))).toBe('The escrow passphrase does not open keys/escrow.json in the archive: the passphrase is wrong or the file was altered.')
    expect(await restoreRefusal(freshTarget({ secret: other, escrowPassphrase: ESCROW_PASSPHRASE, archive: plainArchive }))).toBe(
      `The archive has no key escrow (it was made without --escrow): give the escrow file with --escrow-file FILE, or set PAYLOAD_SECRET to the secret with fingerprint ${secretFingerprint(secret)}.`,
    )
    // An escrow taken before a key rotation does not hold the newer key.
    const before = path.join(work, 'escrow-before.json')
    fs.writeFileSync(before, escrowText)
    const rotated = altered('rotated', (dir) => {
      const keys = readJson(path.join(dir, 'keys/signing-keys.json'))
      keys.keys[0].kid = 'ed25519-0000000000000000'
      writeJson(path.join(dir, 'keys/signing-keys.json'), keys)
      const m = readJson(path.join(dir, 'manifest.json'))
      m.signingKeys.kids = ['ed25519-0000000000000000']
      m.files = m.files.map((f: { path: string }) => (f.path === 'keys/signing-keys.json' ? { ...f, ...hashOf(path.join(dir, 'keys/signing-keys.json')) } : f))
      writeJson(path.join(dir, 'manifest.json'), m)
    })
    expect(await restoreRefusal(freshTarget({ archive: rotated, secret: other, escrowPassphrase: ESCROW_PASSPHRASE, escrowFile: before }))).toBe(
      `The escrow ${before} does not hold signing key ed25519-0000000000000000 of the archive: use the escrow written with this backup (or a later one).`,
    )
  })

  test('a target that holds data: refused unless --force, naming what is there', async () => {
    const input = freshTarget({ database: databaseChoice(), media: { kind: 'disk', dir: path.join(ctx.dataDir, 'media') } })
    const message = await restoreRefusal(input)
    expect(message).toMatch(/^Refusing to restore: the database \(SQLite .*test\.db\) holds \d+ tables \(users 3, controllers 3, licenses 3, signing_keys 1\) and the media store \(.*media\) holds 1 file\(s\)\. Restore into an empty DATA_DIR \(or database\), or pass --force to replace it/)
  })

  test('an SQLite archive with DATABASE_URI set to MongoDB', async () => {
    expect(await restoreRefusal({ ...freshTarget(), database: { kind: 'mongodb', url: 'mongodb://127.0.0.1:1/pumotix' } })).toBe(
      'The archive holds an SQLite database, but DATABASE_URI configures MongoDB: set DATABASE_URI to a file: URL (or leave it empty) to restore it.',
    )
  })
})

describe('backups that cannot be taken', () => {
  const input = () => ({ now: new Date(), secret, database: databaseChoice(), collections: payload.config.collections, media: { kind: 'disk' as const, dir: path.join(ctx.dataDir, 'media') }, escrowPassphrase: null })

  test('a PAYLOAD_SECRET that does not open the stored keys, an archive name that exists, a weak escrow passphrase, no database', async () => {
    const other = 'another-secret-0123456789abcdef0123456789abcdef'
    const kid = (await payload.find({ collection: 'signing-keys', limit: 1, overrideAccess: true })).docs[0].kid
    await expect(createBackup({ ...input(), secret: other, out: path.join(work, 'wrong-secret.tar.gz') })).rejects.toThrow(
      `Signing key ${kid} cannot be decrypted with the configured PAYLOAD_SECRET (fingerprint ${secretFingerprint(other)}): set PAYLOAD_SECRET to the secret this database's keys were encrypted with`,
    )
    await expect(createBackup({ ...input(), out: archive })).rejects.toThrow(`${archive} exists already: choose another file name (backups never overwrite one).`)
    await expect(createBackup({ ...input(), escrowPassphrase: 'short', out: path.join(work, 'weak.tar.gz') })).rejects.toThrow('The escrow passphrase must be at least 12 characters long.')
    await expect(createBackup({ ...input(), escrowPassphrase: secret, out: path.join(work, 'same.tar.gz') })).rejects.toThrow('The escrow passphrase must not be PAYLOAD_SECRET itself')
    await expect(createBackup({ ...input(), database: { kind: 'sqlite', url: `file:${path.join(work, 'nothing-here.db')}` }, out: path.join(work, 'none.tar.gz') })).rejects.toThrow(
      `There is no SQLite database at ${path.join(work, 'nothing-here.db')} (DATABASE_URI / DATA_DIR): nothing to back up.`,
    )
    // None of them left a file or a staging folder behind.
    expect(fs.readdirSync(work).filter((n) => /^(wrong-secret|weak|same|none)\.tar\.gz|^\.pumotix-backup-/.test(n))).toEqual([])
  })

  test('`npm run backup` usage errors exit 2 with the usage', async () => {
    const res = await runScript('backup', ['--passphrase-file', 'x'], commandEnv(ctx.dataDir, { PAYLOAD_SECRET: secret, DATABASE_URI: process.env.DATABASE_URI }))
    expect(res.code).toBe(2)
    expect(res.stderr).toMatch(/^backup: --passphrase-file is the passphrase of --escrow; give both or neither\n\nusage: npm run backup/)
  })
})

function hashOf(file: string): { size: number; sha256: string } {
  const bytes = fs.readFileSync(file)
  return { size: bytes.length, sha256: crypto.createHash('sha256').update(bytes).digest('hex') }
}
