/**
 * SQLite's side of backups: a consistent snapshot of the live database file, and putting a restored
 * file in place.
 *
 * The snapshot is `VACUUM INTO` on a second connection of its own (never Payload's, and never a file
 * copy): with WAL on, it runs as one read transaction, so it sees exactly the commits made before it
 * started while the server keeps reading and writing beside it, and it writes a compact file with
 * no WAL to carry. Payload's connection is not used because libsql runs statements synchronously: a
 * VACUUM on it would stop the server's event loop for the whole copy (seconds on a large database),
 * and it cannot run inside one of the server's transactions. The second connection runs in a worker
 * thread, so a backup taken by the server's job runner leaves its event loop free too.
 *
 * While the snapshot's read transaction is open, checkpoints cannot move past it: the WAL grows by
 * what the server writes meanwhile and shrinks again after (journal_size_limit).
 */
import fs from 'node:fs'
import path from 'node:path'
import { Worker } from 'node:worker_threads'

import { projectRoot } from '@/config/env'
import { BackupError } from './errors'
import type { CollectionTable, DatabaseSnapshotInfo } from './types'

/** The table of a collection in Payload's SQLite schema: its dbName, else its slug in snake case. */
export function sqliteTableOf(collection: { slug: string; dbName?: unknown }): string {
  if (typeof collection.dbName === 'string' && collection.dbName) return collection.dbName
  return collection.slug
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .toLowerCase()
}

/** The path of a `file:` URL's database. */
export const sqliteFilePath = (url: string) => path.resolve(projectRoot, url.replace(/^file:(\/\/)?/, '').replace(/\?.*$/, ''))

// Runs in the worker thread (plain CommonJS: the worker loads no TypeScript). Answers with one message.
const WORKER = `
const { workerData, parentPort } = require('node:worker_threads')
const Database = require('node:module').createRequire(workerData.resolveFrom)('libsql')
const quote = (name) => '"' + name.replace(/"/g, '""') + '"'
try {
  // This thread only (Linux): a backup taken by the server's job runner yields the CPU to its requests.
  try { require('node:os').setPriority(Math.max(require('node:os').getPriority(), 10)) } catch {}
  const source = new Database(workerData.source, { fileMustExist: true })
  try {
    source.exec('PRAGMA busy_timeout = 10000')
    source.prepare('VACUUM INTO ?').run(workerData.dest)
  } finally {
    source.close()
  }
  const snap = new Database(workerData.dest, { readonly: true, fileMustExist: true })
  try {
    const tables = new Set(snap.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((r) => r.name))
    // A database of an earlier release lacks the tables of collections added since: they are not counted.
    if (!tables.has('payload_migrations') || !tables.has('users') || !tables.has('signing_keys')) throw new Error('the database has no users, signing_keys or payload_migrations table: it is not a PUMOTIX database, or it was never migrated')
    const counts = {}
    for (const c of workerData.collections.filter((c) => tables.has(c.table))) counts[c.slug] = Number(snap.prepare('SELECT count(*) AS n FROM ' + quote(c.table)).get().n)
    const migrations = snap.prepare('SELECT name FROM payload_migrations ORDER BY id').all().map((r) => r.name)
    const signingKeys = snap
      .prepare('SELECT kid, alg, status, public_key AS publicKey, private_key_encrypted AS privateKeyEncrypted, created_at AS createdAt, retired_at AS retiredAt FROM signing_keys ORDER BY created_at, id')
      .all()
      .map((r) => ({ kid: r.kid, alg: r.alg, status: r.status, publicKey: r.publicKey, privateKeyEncrypted: r.privateKeyEncrypted, createdAt: r.createdAt, retiredAt: r.retiredAt ?? null }))
    parentPort.postMessage({ ok: true, counts, migrations, signingKeys })
  } finally {
    snap.close()
  }
} catch (err) {
  parentPort.postMessage({ ok: false, message: err && err.message ? err.message : String(err) })
}
`

type WorkerAnswer = ({ ok: true } & Omit<DatabaseSnapshotInfo, 'countsExact'>) | { ok: false; message: string }

/**
 * Writes a consistent copy of the SQLite database `source` to `dest` (which must not exist) and reads
 * from that copy the counts of `collections`, the applied migrations and the signing keys.
 */
export async function snapshotSqlite(source: string, dest: string, collections: CollectionTable[]): Promise<DatabaseSnapshotInfo> {
  if (!fs.existsSync(source)) throw new BackupError(`There is no SQLite database at ${source} (DATABASE_URI / DATA_DIR): nothing to back up.`)
  if (fs.existsSync(dest)) throw new BackupError(`${dest} exists already.`)
  fs.mkdirSync(path.dirname(dest), { recursive: true })
  const answer = await new Promise<WorkerAnswer>((resolve, reject) => {
    const worker = new Worker(WORKER, { eval: true, workerData: { resolveFrom: path.join(projectRoot, 'package.json'), source, dest, collections } })
    let answered = false
    worker.once('message', (m: WorkerAnswer) => {
      answered = true
      resolve(m)
    })
    worker.once('error', reject)
    worker.once('exit', (code) => {
      if (!answered) reject(new Error(`the SQLite snapshot worker stopped (exit code ${code}) without an answer`))
    })
  })
  if (!answer.ok) {
    fs.rmSync(dest, { force: true })
    throw new BackupError(`The SQLite snapshot of ${source} failed: ${answer.message}`)
  }
  const { ok: _ok, ...info } = answer
  return { ...info, countsExact: true }
}

/** Whether an SQLite file holds anything: its tables with their row counts for the largest few; null when empty or absent. */
export async function sqliteContents(file: string): Promise<string | null> {
  if (!fs.existsSync(file) || fs.statSync(file).size === 0) return null
  const { default: Database } = await import('libsql')
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").all() as { name: string }[]
    if (!tables.length) return null
    const known = ['users', 'controllers', 'licenses', 'signing_keys'].filter((t) => tables.some((x) => x.name === t))
    const counts = known.map((t) => `${t} ${(db.prepare(`SELECT count(*) AS n FROM "${t}"`).get() as { n: number }).n}`)
    return `${tables.length} tables${counts.length ? ` (${counts.join(', ')})` : ''}`
  } finally {
    db.close()
  }
}

/**
 * Puts a restored database file in place of `target`. An existing database (with its -wal and -shm)
 * is moved aside to `<target>.before-restore-<stamp>`, never deleted. Returns where it went, if anywhere.
 */
export function installSqliteFile(staged: string, target: string, stamp: string): string | null {
  fs.mkdirSync(path.dirname(target), { recursive: true })
  let movedTo: string | null = null
  if (fs.existsSync(target)) {
    movedTo = `${target}.before-restore-${stamp}`
    for (const suffix of ['', '-wal', '-shm']) if (fs.existsSync(target + suffix)) fs.renameSync(target + suffix, movedTo + suffix)
  } else {
    for (const suffix of ['-wal', '-shm']) fs.rmSync(target + suffix, { force: true }) // left by a database that is gone
  }
  fs.renameSync(staged, target)
  return movedTo
}

/** Rows per collection table of an SQLite file that no server uses (a restored file before it is put in place). */
export async function sqliteCounts(file: string, collections: CollectionTable[]): Promise<Record<string, number>> {
  const { default: Database } = await import('libsql')
  const db = new Database(file, { readonly: true, fileMustExist: true })
  try {
    const counts: Record<string, number> = {}
    for (const c of collections) counts[c.slug] = Number((db.prepare(`SELECT count(*) AS n FROM "${c.table.replace(/"/g, '""')}"`).get() as { n: number }).n)
    return counts
  } finally {
    db.close()
  }
}
