/**
 * Backup archives on disk: a gzip-compressed tar whose first entry is manifest.json, then every file
 * the manifest lists with its size and SHA-256. Writing goes to `<file>.partial` and is renamed at the
 * end, so an archive under its final name is always complete. Reading checks every entry against the
 * manifest while it streams, so a damaged, truncated or altered archive is refused before anything
 * it holds is used.
 *
 * gzip level 1: nearly the compression of the default level for half its CPU time, which matters
 * beside a server on the same cores (figures in docs/performance.md, "Backup").
 */
import { createHash } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import { Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import zlib from 'node:zlib'

import { BackupError } from '@/db/backup/errors'
import { MANIFEST_PATH, parseManifest, type BackupManifest, type ManifestFile } from './manifest'
import { readTar, TarWriter } from './tar'

export const GZIP_LEVEL = 1
const MAX_MANIFEST_BYTES = 64 * 1024 * 1024

export interface ArchiveSource {
  archivePath: string
  diskPath: string
}

/** SHA-256 and size of a file on disk. */
export async function hashFile(file: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256')
  let size = 0
  for await (const chunk of fs.createReadStream(file)) {
    hash.update(chunk)
    size += chunk.length
  }
  return { sha256: hash.digest('hex'), size }
}

/** The manifest's `files` for the given sources, in their order. */
export async function describeFiles(sources: ArchiveSource[]): Promise<ManifestFile[]> {
  const out: ManifestFile[] = []
  for (const s of sources) out.push({ path: s.archivePath, ...(await hashFile(s.diskPath)) })
  return out
}

/** Writes the archive: manifest.json, then each source, which must still match its manifest entry. */
export async function writeArchive(file: string, manifest: BackupManifest, sources: ArchiveSource[]): Promise<{ bytes: number; sha256: string }> {
  if (fs.existsSync(file)) throw new BackupError(`${file} exists already: choose another file name (backups never overwrite one).`)
  fs.mkdirSync(path.dirname(file), { recursive: true })
  const partial = `${file}.partial`
  const mtime = new Date(manifest.createdAt)
  const gzip = zlib.createGzip({ level: GZIP_LEVEL })
  const hash = createHash('sha256')
  let bytes = 0
  const tap = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk)
      bytes += chunk.length
      done(null, chunk)
    },
  })
  const written = pipeline(gzip, tap, fs.createWriteStream(partial, { mode: 0o600 }))
  const failed = new Promise<never>((_, reject) => written.catch(reject))
  failed.catch(() => undefined) // observed through the writes and `written` below
  try {
    const tar = new TarWriter(gzip, failed)
    const body = Buffer.from(JSON.stringify(manifest, null, 2) + '\n', 'utf8')
    await tar.add(MANIFEST_PATH, body.length, body, mtime)
    for (const s of sources) {
      const entry = manifest.files.find((f) => f.path === s.archivePath)
      if (!entry) throw new Error(`${s.archivePath} is not in the manifest`)
      await tar.add(s.archivePath, entry.size, fs.createReadStream(s.diskPath), mtime)
    }
    await tar.finish()
    gzip.end()
    await written
    const fd = fs.openSync(partial, 'r')
    fs.fsyncSync(fd)
    fs.closeSync(fd)
    fs.renameSync(partial, file)
    return { bytes, sha256: hash.digest('hex') }
  } catch (err) {
    gzip.destroy()
    await written.catch(() => undefined)
    fs.rmSync(partial, { force: true })
    throw err
  }
}

export interface ReadOptions {
  /** Called with the manifest before any other entry is read; throwing stops the reading. */
  onManifest?: (manifest: BackupManifest) => void | Promise<void>
  /** Where an entry's content is written while it is checked; null: checked only. */
  destinationFor?: (archivePath: string) => string | null
  /** Entries also returned as text (small JSON files). */
  keepText?: (archivePath: string) => boolean
}

export interface ReadResult {
  manifest: BackupManifest
  texts: Map<string, string>
  /** Bytes of content checked (uncompressed). */
  bytes: number
}

/** Turns zlib's and the file system's errors into messages a person can act on. */
function describeReadError(file: string, err: unknown): Error {
  if (err instanceof BackupError) return err
  const e = err as NodeJS.ErrnoException
  if (e?.code === 'ENOENT' && e.path === file) return new BackupError(`${file} does not exist.`)
  if (e?.code === 'EISDIR') return new BackupError(`${file} is a directory, not a backup archive.`)
  if (e?.code === 'Z_BUF_ERROR') return new BackupError(`${file} is truncated: its compressed data ends early (an incomplete download or copy?).`)
  if (e?.code === 'Z_DATA_ERROR') {
    return /header check/.test(e.message)
      ? new BackupError(`${file} is not a gzip-compressed archive: it is not a PUMOTIX backup (${e.message}).`)
      : new BackupError(`${file} is damaged: its compressed data is corrupt (${e.message}). Use another copy of the backup.`)
  }
  return e instanceof Error ? e : new Error(String(err))
}

async function readAll(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const parts: Buffer[] = []
  for await (const c of chunks) parts.push(c)
  return Buffer.concat(parts)
}

/**
 * Reads and checks a whole archive: the manifest first, then every entry's size and SHA-256 against
 * it, then that nothing it lists is missing. Entries are written where `destinationFor` says.
 */
export async function readArchive(file: string, options: ReadOptions = {}): Promise<ReadResult> {
  let manifest: BackupManifest | undefined
  const seen = new Set<string>()
  const texts = new Map<string, string>()
  let bytes = 0
  const onEntry = async (entry: { path: string; size: number }, body: AsyncIterable<Buffer>) => {
    if (!manifest) {
      if (entry.path !== MANIFEST_PATH) throw new BackupError(`${file} does not start with ${MANIFEST_PATH} (it starts with ${entry.path}): it is not a PUMOTIX backup archive.`)
      if (entry.size > MAX_MANIFEST_BYTES) throw new BackupError(`${MANIFEST_PATH} in ${file} is ${entry.size} bytes, far more than a manifest: the archive is damaged.`)
      manifest = parseManifest((await readAll(body)).toString('utf8'))
      await options.onManifest?.(manifest)
      return
    }
    const listed = manifest.files.find((f) => f.path === entry.path)
    if (!listed) throw new BackupError(`${file} holds ${entry.path}, which its manifest does not list: the archive was altered.`)
    if (seen.has(entry.path)) throw new BackupError(`${file} holds ${entry.path} twice: the archive was altered.`)
    seen.add(entry.path)
    if (entry.size !== listed.size) throw new BackupError(`${entry.path} in ${file} is ${entry.size} bytes, but the manifest says ${listed.size}: the archive was altered or damaged.`)
    const dest = options.destinationFor?.(entry.path) ?? null
    const keep = options.keepText?.(entry.path) ?? false
    const hash = createHash('sha256')
    const parts: Buffer[] = []
    const out = dest ? (fs.mkdirSync(path.dirname(dest), { recursive: true }), fs.createWriteStream(dest, { mode: 0o600 })) : null
    try {
      for await (const chunk of body) {
        hash.update(chunk)
        bytes += chunk.length
        if (keep) parts.push(chunk)
        if (out && !out.write(chunk)) await new Promise<void>((resolve) => out.once('drain', () => resolve()))
      }
    } finally {
      if (out) await new Promise<void>((resolve, reject) => out.end((err?: Error | null) => (err ? reject(err) : resolve())))
    }
    const sha256 = hash.digest('hex')
    if (sha256 !== listed.sha256) {
      throw new BackupError(`${entry.path} in ${file} does not match its checksum in the manifest (SHA-256 ${sha256}, expected ${listed.sha256}): the archive was altered or damaged.`)
    }
    if (keep) texts.set(entry.path, Buffer.concat(parts).toString('utf8'))
  }
  try {
    if (fs.statSync(file).size === 0) throw new BackupError(`${file} is empty: it is not a backup archive (an interrupted copy?).`)
    await pipeline(fs.createReadStream(file), zlib.createGunzip(), async (source: AsyncIterable<Buffer>) => readTar(source, onEntry))
  } catch (err) {
    throw describeReadError(file, err)
  }
  if (!manifest) throw new BackupError(`${file} holds no ${MANIFEST_PATH}: it is not a PUMOTIX backup archive.`)
  const missing = manifest.files.filter((f) => !seen.has(f.path)).map((f) => f.path)
  if (missing.length) {
    throw new BackupError(`${file} lacks ${missing.length} file(s) its manifest lists (${missing.slice(0, 5).join(', ')}${missing.length > 5 ? ', …' : ''}): the archive is incomplete or was altered.`)
  }
  return { manifest, texts, bytes }
}

class ManifestRead extends Error {}

/** Only the manifest (the first entry), without reading the rest; the archive is not checked further. */
export async function readManifest(file: string): Promise<BackupManifest> {
  let found: BackupManifest | undefined
  try {
    await readArchive(file, {
      onManifest: (m) => {
        found = m
        throw new ManifestRead()
      },
    })
  } catch (err) {
    if (!(err instanceof ManifestRead)) throw err
  }
  if (!found) throw new BackupError(`${file} holds no ${MANIFEST_PATH}: it is not a PUMOTIX backup archive.`)
  return found
}
