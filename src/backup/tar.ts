/**
 * A minimal POSIX tar (ustar) writer and reader for backup archives: regular files only, with a pax
 * extended header ('x') for a path longer than ustar's fields or a size of 8 GiB or more. The reader
 * accepts exactly that (regular files, pax path/size records) and refuses everything else — links,
 * devices, absolute or `..` paths — so extracting an archive can never write outside its target.
 * Archives made here can be listed with `tar tzf` and unpacked with `tar xzf`.
 */
import { once } from 'node:events'
import type { Writable } from 'node:stream'

import { BackupError } from '@/db/backup/errors'

const BLOCK = 512
const USTAR_MAX_SIZE = 8 ** 11 - 1 // 11 octal digits in the size field
const ZERO_BLOCK = Buffer.alloc(BLOCK)

export interface TarEntry {
  path: string
  size: number
  mtime: Date
}

/** A path is safe to extract when it is relative, uses `/`, and has no empty, `.` or `..` part. */
export function safeArchivePath(name: string): boolean {
  if (!name || name.length > 4096 || name.startsWith('/') || /[\\\0]/.test(name)) return false
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..')
}

function writeString(block: Buffer, offset: number, length: number, value: string) {
  const bytes = Buffer.from(value, 'utf8')
  if (bytes.length > length) throw new Error(`tar field too long: ${value}`)
  bytes.copy(block, offset)
}

function writeOctal(block: Buffer, offset: number, length: number, value: number) {
  // length - 1 octal digits, then NUL.
  writeString(block, offset, length, value.toString(8).padStart(length - 1, '0') + '\0')
}

function header(name: string, size: number, mtime: Date, typeflag: '0' | 'x', prefix = ''): Buffer {
  const block = Buffer.alloc(BLOCK)
  writeString(block, 0, 100, name)
  writeOctal(block, 100, 8, typeflag === 'x' ? 0o644 : 0o600)
  writeOctal(block, 108, 8, 0)
  writeOctal(block, 116, 8, 0)
  writeOctal(block, 124, 12, size)
  writeOctal(block, 136, 12, Math.floor(mtime.getTime() / 1000))
  block.fill(0x20, 148, 156) // the checksum is computed with its own field as spaces
  block.write(typeflag, 156, 'ascii')
  block.write('ustar\0', 257, 'ascii')
  block.write('00', 263, 'ascii')
  writeString(block, 345, 155, prefix)
  const sum = block.reduce((a, b) => a + b, 0)
  writeString(block, 148, 8, sum.toString(8).padStart(6, '0') + '\0 ')
  return block
}

/** ustar's name/prefix split: the name at most 100 bytes, the prefix (before a `/`) at most 155. */
function splitUstarPath(p: string): { name: string; prefix: string } | null {
  if (Buffer.byteLength(p) <= 100) return { name: p, prefix: '' }
  for (let i = p.indexOf('/'); i >= 0; i = p.indexOf('/', i + 1)) {
    const prefix = p.slice(0, i)
    const name = p.slice(i + 1)
    if (Buffer.byteLength(prefix) <= 155 && Buffer.byteLength(name) <= 100 && name) return { name, prefix }
  }
  return null
}

function paxRecord(key: string, value: string): string {
  const body = ` ${key}=${value}\n`
  let length = Buffer.byteLength(body) + 1
  while (String(length).length + Buffer.byteLength(body) !== length) length = String(length).length + Buffer.byteLength(body)
  return `${length}${body}`
}

const padding = (size: number) => (BLOCK - (size % BLOCK)) % BLOCK

/** Writes tar entries to a stream (a gzip stream in front of a file, for backups), honouring backpressure. */
export class TarWriter {
  /** `failed` rejects when whatever consumes `out` fails (a full disk), so a wait for 'drain' cannot hang. */
  constructor(
    private readonly out: Writable,
    private readonly failed: Promise<never> = new Promise<never>(() => undefined),
  ) {}

  private async write(chunk: Buffer) {
    if (!this.out.write(chunk)) await Promise.race([once(this.out, 'drain'), this.failed])
  }

  /** One regular file of exactly `size` bytes; `content` must yield that many bytes. */
  async add(path: string, size: number, content: Buffer | AsyncIterable<Buffer>, mtime: Date): Promise<void> {
    if (!safeArchivePath(path)) throw new Error(`not a safe archive path: ${path}`)
    const split = splitUstarPath(path)
    if (!split || size > USTAR_MAX_SIZE) {
      const records = (split ? '' : paxRecord('path', path)) + (size > USTAR_MAX_SIZE ? paxRecord('size', String(size)) : '')
      const body = Buffer.from(records, 'utf8')
      const base = path.slice(path.lastIndexOf('/') + 1).slice(0, 80)
      await this.write(header(`PaxHeaders/${base}`.slice(0, 99), body.length, mtime, 'x'))
      await this.write(body)
      await this.write(ZERO_BLOCK.subarray(0, padding(body.length)))
    }
    const fallback = split ?? { name: path.slice(-100).replace(/^[^/]*\//, '') || 'file', prefix: '' }
    await this.write(header(fallback.name, Math.min(size, USTAR_MAX_SIZE), mtime, '0', fallback.prefix))
    let written = 0
    for await (const chunk of Buffer.isBuffer(content) ? [content] : content) {
      written += chunk.length
      if (written > size) throw new BackupError(`${path} grew while it was being archived (expected ${size} bytes).`)
      await this.write(chunk)
    }
    if (written !== size) throw new BackupError(`${path} shrank while it was being archived (${written} of ${size} bytes).`)
    await this.write(ZERO_BLOCK.subarray(0, padding(size)))
  }

  /** The end-of-archive marker (two zero blocks); the caller ends the stream. */
  async finish(): Promise<void> {
    await this.write(Buffer.alloc(2 * BLOCK))
  }
}

/** Pulls exact byte counts out of a stream of chunks. */
class ByteSource {
  private buffered: Buffer[] = []
  private length = 0
  private done = false
  private readonly iterator: AsyncIterator<Buffer>
  offset = 0

  constructor(source: AsyncIterable<Buffer>) {
    this.iterator = source[Symbol.asyncIterator]()
  }

  private async fill(n: number): Promise<boolean> {
    while (this.length < n && !this.done) {
      const next = await this.iterator.next()
      if (next.done) this.done = true
      else if (next.value.length) {
        this.buffered.push(next.value)
        this.length += next.value.length
      }
    }
    return this.length >= n
  }

  private take(n: number): Buffer {
    const all = this.buffered.length === 1 ? this.buffered[0] : Buffer.concat(this.buffered)
    const out = all.subarray(0, n)
    const rest = all.subarray(n)
    this.buffered = rest.length ? [rest] : []
    this.length = rest.length
    this.offset += n
    return out
  }

  /** Exactly n bytes, or null at a clean end of the stream; throws when it ends within them. */
  async read(n: number, what: () => string): Promise<Buffer | null> {
    if (await this.fill(n)) return this.take(n)
    if (this.length === 0) return null
    throw new BackupError(`The archive ends in the middle of ${what()}: it is truncated (an incomplete download or copy?).`)
  }

  /** Reads the stream to its end (so a gunzip before it checks its CRC and length); true when every byte left is zero. */
  async restIsZero(): Promise<boolean> {
    let zero = true
    for (;;) {
      for (const b of this.buffered) if (zero && b.some((x) => x !== 0)) zero = false
      this.offset += this.length
      this.buffered = []
      this.length = 0
      if (this.done || !(await this.fill(1))) return zero
    }
  }

  /**
   * The next n bytes as chunks, as they arrive. `left()` says how many the consumer did not take,
   * so the reader can skip them even when the consumer stopped early.
   */
  body(n: number, what: () => string): { chunks: AsyncIterable<Buffer>; left: () => number } {
    const state = { left: n }
    return { chunks: this.chunks(state, what), left: () => state.left }
  }

  private async *chunks(state: { left: number }, what: () => string): AsyncGenerator<Buffer> {
    while (state.left > 0) {
      if (this.length === 0 && !(await this.fill(1))) {
        throw new BackupError(`The archive ends in the middle of ${what()}: it is truncated (an incomplete download or copy?).`)
      }
      const chunk = this.take(Math.min(state.left, this.length, 1 << 20))
      state.left -= chunk.length
      yield chunk
    }
  }
}

function readString(block: Buffer, offset: number, length: number): string {
  const field = block.subarray(offset, offset + length)
  const end = field.indexOf(0)
  return field.subarray(0, end < 0 ? length : end).toString('utf8')
}

function readOctal(block: Buffer, offset: number, length: number): number {
  const text = readString(block, offset, length).trim()
  if (!/^[0-7]+$/.test(text)) return NaN
  return parseInt(text, 8)
}

function parsePax(body: Buffer): Record<string, string> {
  const records: Record<string, string> = {}
  let i = 0
  while (i < body.length) {
    const space = body.indexOf(0x20, i)
    const length = Number(body.subarray(i, space).toString('ascii'))
    if (space < 0 || !Number.isInteger(length) || length <= 0 || i + length > body.length) throw new BackupError('The archive is damaged: an extended (pax) header cannot be read.')
    const record = body.subarray(space + 1, i + length - 1).toString('utf8')
    const eq = record.indexOf('=')
    if (eq > 0) records[record.slice(0, eq)] = record.slice(eq + 1)
    i += length
  }
  return records
}

/**
 * Reads a tar stream entry by entry. `onEntry` gets each regular file with its content, which it may
 * consume or not (the rest is skipped). Throws BackupError for a damaged or truncated archive and for
 * any entry that is not a plain file with a safe path.
 */
export async function readTar(source: AsyncIterable<Buffer>, onEntry: (entry: TarEntry, body: AsyncIterable<Buffer>) => Promise<void>): Promise<void> {
  const bytes = new ByteSource(source)
  let pax: Record<string, string> = {}
  let last = 'the first entry'
  for (;;) {
    const at = bytes.offset
    const block = await bytes.read(BLOCK, () => `the header after ${last}`)
    if (!block) throw new BackupError(`The archive ends after ${last} without the end-of-archive marker: it is truncated (an incomplete download or copy?).`)
    if (block.equals(ZERO_BLOCK)) {
      // End of archive: the second zero block and the record padding follow, all zeros. Reading them to
      // the end also makes the gunzip check its trailer (CRC-32 and length of everything).
      if (!(await bytes.restIsZero())) throw new BackupError(`The archive is damaged or was altered: it holds data after its end-of-archive marker (after ${last}).`)
      return
    }
    const stored = readOctal(block, 148, 8)
    const sum = block.reduce((a, b, i) => a + (i >= 148 && i < 156 ? 0x20 : b), 0)
    if (stored !== sum || readString(block, 257, 6) !== 'ustar') {
      throw new BackupError(`The archive is damaged: the entry header at byte ${at} (after ${last}) is not a valid tar header.`)
    }
    const typeflag = String.fromCharCode(block[156] || 0x30)
    const prefix = readString(block, 345, 155)
    const name = pax.path ?? (prefix ? `${prefix}/` : '') + readString(block, 0, 100)
    const size = pax.size !== undefined ? Number(pax.size) : readOctal(block, 124, 12)
    if (!Number.isSafeInteger(size) || size < 0) throw new BackupError(`The archive is damaged: the size of ${name} cannot be read.`)
    if (typeflag === 'x') {
      const body = await bytes.read(size + padding(size), () => `an extended header`)
      if (!body) throw new BackupError('The archive ends in an extended header: it is truncated.')
      pax = parsePax(body.subarray(0, size))
      continue
    }
    pax = {}
    if (typeflag !== '0') throw new BackupError(`The archive holds ${name}, which is not a regular file (type "${typeflag}"): this is not a PUMOTIX backup archive.`)
    if (!safeArchivePath(name)) throw new BackupError(`The archive holds an entry with an unsafe path (${JSON.stringify(name)}): refusing it.`)
    last = name
    const body = bytes.body(size, () => name)
    await onEntry({ path: name, size, mtime: new Date(readOctal(block, 136, 12) * 1000) }, body.chunks)
    // What the consumer left of the content, then the padding to the next block (zeros, as written).
    for (let skip = body.left(); skip > 0; ) {
      const n = Math.min(skip, 1 << 20)
      if (!(await bytes.read(n, () => name))) throw new BackupError(`The archive ends in the middle of ${name}: it is truncated (an incomplete download or copy?).`)
      skip -= n
    }
    if (padding(size) > 0) {
      const pad = await bytes.read(padding(size), () => name)
      if (!pad) throw new BackupError(`The archive ends in the middle of ${name}: it is truncated (an incomplete download or copy?).`)
      if (pad.some((x) => x !== 0)) throw new BackupError(`The archive is damaged or was altered: the padding after ${name} is not zeros.`)
    }
  }
}
