/**
 * A minimal ZIP writer (PKWARE APPNOTE 6.3, the subset every unzip reads): regular files only, each
 * deflated with node:zlib or stored when deflating does not make it smaller, UTF-8 names (flag bit 11),
 * no ZIP64 (an archive stays below 4 GiB and 65 535 entries), no encryption, no data descriptors — the
 * sizes and CRC-32 are known before each entry is written. The customer's data export is small, so
 * the archive is built in memory. `unzip -t` checks archives made here (test/privacy/zip.test.ts).
 */
import zlib from 'node:zlib'

import { crc32 } from '@/licensing'

export interface ZipEntry {
  /** A relative path with `/` between folders, e.g. "bills/PMX-2026-000042.pdf". */
  path: string
  data: Buffer | string
  /** The entry's modification time (default: the archive's time). */
  mtime?: Date
}

const LOCAL_HEADER = 0x04034b50
const CENTRAL_HEADER = 0x02014b50
const END_OF_CENTRAL_DIRECTORY = 0x06054b50
const VERSION = 20 // 2.0: deflate and folders
const MADE_BY_UNIX = (3 << 8) | VERSION
const UTF8_NAMES = 0x0800
const STORE = 0
const DEFLATE = 8
const LIMIT = 0xffffffff
const MAX_ENTRIES = 0xffff

/** A path unzip extracts inside its target: relative, `/`-separated, no empty, `.` or `..` part. */
export function safeZipPath(name: string): boolean {
  if (!name || Buffer.byteLength(name) > 0xffff || name.startsWith('/') || /[\\\0:]/.test(name)) return false
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..')
}

/** MS-DOS date and time of `d` as UTC, in two-second steps; outside 1980–2107 the nearest end of that range. */
function dosDateTime(d: Date): { time: number; date: number } {
  const min = Date.UTC(1980, 0, 1)
  const max = Date.UTC(2107, 11, 31, 23, 59, 58)
  const t = new Date(Math.min(max, Math.max(min, d.getTime())))
  return {
    time: (t.getUTCHours() << 11) | (t.getUTCMinutes() << 5) | Math.floor(t.getUTCSeconds() / 2),
    date: ((t.getUTCFullYear() - 1980) << 9) | ((t.getUTCMonth() + 1) << 5) | t.getUTCDate(),
  }
}

/** The whole archive for `entries`, in their order. Throws for an unsafe or repeated path or an archive too large for ZIP without ZIP64. */
export function zipArchive(entries: readonly ZipEntry[], now = new Date()): Buffer {
  if (entries.length > MAX_ENTRIES) throw new Error(`a ZIP archive without ZIP64 holds at most ${MAX_ENTRIES} entries, not ${entries.length}`)
  const seen = new Set<string>()
  const parts: Buffer[] = []
  const central: Buffer[] = []
  let offset = 0
  for (const entry of entries) {
    if (!safeZipPath(entry.path)) throw new Error(`unsafe path in a ZIP archive: ${JSON.stringify(entry.path)}`)
    if (seen.has(entry.path)) throw new Error(`the path ${entry.path} is twice in the archive`)
    seen.add(entry.path)
    const name = Buffer.from(entry.path, 'utf8')
    const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data
    const deflated = raw.length > 0 ? zlib.deflateRawSync(raw, { level: 6 }) : raw
    const method = deflated.length < raw.length ? DEFLATE : STORE
    const body = method === DEFLATE ? deflated : raw
    if (raw.length >= LIMIT || offset + body.length + 30 + name.length >= LIMIT) throw new Error('the archive would reach 4 GiB, which needs ZIP64')
    const crc = crc32(raw)
    const { time, date } = dosDateTime(entry.mtime ?? now)

    const local = Buffer.alloc(30)
    local.writeUInt32LE(LOCAL_HEADER, 0)
    local.writeUInt16LE(VERSION, 4)
    local.writeUInt16LE(UTF8_NAMES, 6)
    local.writeUInt16LE(method, 8)
    local.writeUInt16LE(time, 10)
    local.writeUInt16LE(date, 12)
    local.writeUInt32LE(crc, 14)
    local.writeUInt32LE(body.length, 18)
    local.writeUInt32LE(raw.length, 22)
    local.writeUInt16LE(name.length, 26)
    local.writeUInt16LE(0, 28)

    const header = Buffer.alloc(46)
    header.writeUInt32LE(CENTRAL_HEADER, 0)
    header.writeUInt16LE(MADE_BY_UNIX, 4)
    header.writeUInt16LE(VERSION, 6)
    header.writeUInt16LE(UTF8_NAMES, 8)
    header.writeUInt16LE(method, 10)
    header.writeUInt16LE(time, 12)
    header.writeUInt16LE(date, 14)
    header.writeUInt32LE(crc, 16)
    header.writeUInt32LE(body.length, 20)
    header.writeUInt32LE(raw.length, 24)
    header.writeUInt16LE(name.length, 28)
    // extra field, comment, disk number, internal attributes: 0
    header.writeUInt32LE((0o100644 << 16) >>> 0, 38) // a regular file, rw-r--r--
    header.writeUInt32LE(offset, 42)

    parts.push(local, name, body)
    central.push(header, name)
    offset += local.length + name.length + body.length
  }
  const directory = Buffer.concat(central)
  if (offset + directory.length >= LIMIT) throw new Error('the archive would reach 4 GiB, which needs ZIP64')
  const end = Buffer.alloc(22)
  end.writeUInt32LE(END_OF_CENTRAL_DIRECTORY, 0)
  end.writeUInt16LE(entries.length, 8)
  end.writeUInt16LE(entries.length, 10)
  end.writeUInt32LE(directory.length, 12)
  end.writeUInt32LE(offset, 16)
  return Buffer.concat([...parts, directory, end])
}
