/**
 * The ustar writer and reader of backup archives (src/backup/tar.ts), checked against GNU tar in
 * both directions: what the writer makes, `tar` lists and unpacks byte for byte; what `tar` makes in
 * ustar and pax format, the reader reads. Then every kind of entry the reader must refuse.
 */
import { execFileSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import zlib from 'node:zlib'
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { BackupError } from '@/db/backup/errors'
import { readTar, safeArchivePath, TarWriter } from '@/backup/tar'

let dir: string

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-tar-'))
})
afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true })
})

const longDir = `media/${'d'.repeat(90)}/${'e'.repeat(60)}` // fits ustar only with its prefix field
const files: [string, Buffer][] = [
  ['manifest.json', Buffer.from('{"a":1}\n')],
  ['empty', Buffer.alloc(0)],
  ['one', Buffer.from('x')],
  ['block-1', crypto.randomBytes(511)],
  ['block', crypto.randomBytes(512)],
  ['block+1', crypto.randomBytes(513)],
  ['media/big.bin', crypto.randomBytes(60_000)],
  [`${longDir}/image.png`, crypto.randomBytes(1000)],
  [`media/${'n'.repeat(180)}.webp`, crypto.randomBytes(700)], // a name longer than ustar can hold: pax path
  ['media/имя файла.png', Buffer.from('utf-8 name')],
]

async function writeTar(entries: [string, Buffer][]): Promise<Buffer> {
  const out = new PassThrough()
  const chunks: Buffer[] = []
  out.on('data', (c: Buffer) => chunks.push(c))
  const tar = new TarWriter(out)
  const mtime = new Date('2026-11-30T12:00:00Z')
  for (const [name, body] of entries) await tar.add(name, body.length, body, mtime)
  await tar.finish()
  out.end()
  return Buffer.concat(chunks)
}

async function readAll(bytes: Buffer, chunkSize = 4096): Promise<[string, Buffer][]> {
  const out: [string, Buffer][] = []
  async function* source() {
    for (let i = 0; i < bytes.length; i += chunkSize) yield bytes.subarray(i, i + chunkSize)
  }
  await readTar(source(), async (entry, body) => {
    const parts: Buffer[] = []
    for await (const c of body) parts.push(c)
    out.push([entry.path, Buffer.concat(parts)])
  })
  return out
}

async function refusal(bytes: Buffer): Promise<string> {
  try {
    await readAll(bytes)
  } catch (err) {
    expect(err).toBeInstanceOf(BackupError)
    return (err as Error).message
  }
  throw new Error('the archive was accepted')
}

test('what the writer makes reads back entry by entry, in any chunking, and GNU tar lists and unpacks it byte for byte', async () => {
  const tar = await writeTar(files)
  expect(tar.length % 512).toBe(0)
  for (const chunkSize of [1, 7, 512, 4096, 1 << 20]) {
    const back = await readAll(tar, chunkSize)
    expect(back.map(([n]) => n)).toEqual(files.map(([n]) => n))
    back.forEach(([, body], i) => expect(body.equals(files[i][1])).toBe(true))
  }

  const file = path.join(dir, 'mine.tar.gz')
  fs.writeFileSync(file, zlib.gzipSync(tar))
  expect(execFileSync('tar', ['-tzf', file], { encoding: 'utf8' }).trim().split('\n')).toEqual(files.map(([n]) => n))
  const out = path.join(dir, 'unpacked')
  fs.mkdirSync(out)
  execFileSync('tar', ['-xzf', file, '-C', out])
  for (const [name, body] of files) expect(fs.readFileSync(path.join(out, name)).equals(body)).toBe(true)
})

test('a consumer that stops reading an entry early does not lose the entries after it', async () => {
  const tar = await writeTar(files)
  const names: string[] = []
  async function* source() {
    yield tar
  }
  await readTar(source(), async (entry, body) => {
    names.push(entry.path)
    for await (const _ of body) break
  })
  expect(names).toEqual(files.map(([n]) => n))
})

test('archives made by GNU tar in ustar and pax format are read', async () => {
  const src = path.join(dir, 'src')
  fs.mkdirSync(path.join(src, longDir), { recursive: true })
  const names = ['manifest.json', 'media/big.bin', `${longDir}/image.png`]
  for (const [name, body] of files.filter(([n]) => names.includes(n))) fs.writeFileSync(path.join(src, name), body)
  for (const format of ['ustar', 'pax']) {
    const tar = execFileSync('tar', ['-c', `--format=${format}`, '-C', src, ...names])
    const back = await readAll(tar)
    expect(back.map(([n]) => n)).toEqual(names)
    for (const [name, body] of back) expect(body.equals(fs.readFileSync(path.join(src, name)))).toBe(true)
  }
})

test('unsafe paths, links and directories are refused with a message naming the entry', async () => {
  const src = path.join(dir, 'evil')
  fs.mkdirSync(path.join(src, 'inner'), { recursive: true })
  fs.writeFileSync(path.join(dir, 'outside.txt'), 'outside')
  fs.symlinkSync('/etc/passwd', path.join(src, 'link'))
  const tarOf = (args: string[], cwd = src) => execFileSync('tar', ['-c', '--format=ustar', ...args], { cwd })
  expect(await refusal(tarOf(['-P', '../outside.txt']))).toMatch(/unsafe path \("\.\.\/outside\.txt"\)/)
  expect(await refusal(tarOf(['-P', path.join(dir, 'outside.txt')]))).toMatch(/unsafe path \("\/.*outside\.txt"\)/)
  expect(await refusal(tarOf(['link']))).toMatch(/holds link, which is not a regular file \(type "2"\)/)
  expect(await refusal(tarOf(['inner']))).toMatch(/holds inner\/, which is not a regular file \(type "5"\)/)
  expect(safeArchivePath('media/a/./b')).toBe(false)
  expect(safeArchivePath('media//b')).toBe(false)
  expect(safeArchivePath('media\\b')).toBe(false)
  expect(safeArchivePath('media/b.png')).toBe(true)
})

test('a truncated archive, a damaged header and a missing end marker are refused', async () => {
  const tar = await writeTar(files)
  expect(await refusal(tar.subarray(0, 512 * 4 + 100))).toMatch(/ends in the middle of \S+: it is truncated/)
  expect(await refusal(tar.subarray(0, 512 + 256))).toMatch(/ends in the middle of (manifest\.json|the header after manifest\.json): it is truncated/)
  expect(await refusal(tar.subarray(0, tar.length - 1024))).toMatch(/without the end-of-archive marker: it is truncated/)
  const damaged = Buffer.from(tar)
  damaged[1024 + 10] ^= 0xff // inside the second entry's header
  expect(await refusal(damaged)).toMatch(/the entry header at byte 1024 \(after manifest\.json\) is not a valid tar header/)
  expect(await refusal(Buffer.from('not a tar archive at all'.repeat(30)))).toMatch(/is not a valid tar header/)
})

test('the writer refuses content that does not have the size it announced', async () => {
  const tar = new TarWriter(new PassThrough().resume())
  await expect(tar.add('a', 10, Buffer.alloc(5), new Date())).rejects.toThrow('a shrank while it was being archived (5 of 10 bytes).')
  await expect(tar.add('b', 1, Buffer.alloc(5), new Date())).rejects.toThrow('b grew while it was being archived (expected 1 bytes).')
  await expect(tar.add('../c', 0, Buffer.alloc(0), new Date())).rejects.toThrow('not a safe archive path: ../c')
})
