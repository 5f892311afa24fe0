/** The ZIP writer of the data export, checked with Debian's unzip (Info-ZIP): test, list and extract. */
import { execFileSync, spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, test } from '@jest/globals'

import { safeZipPath, zipArchive } from '@/privacy/zip'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-zip-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))

function write(name: string, archive: Buffer): string {
  const file = path.join(dir, name)
  fs.writeFileSync(file, archive)
  return file
}

describe('zipArchive', () => {
  const random = crypto.randomBytes(50_000)
  const entries = [
    { path: 'README.txt', data: 'What is in this archive.\n' },
    { path: 'account.json', data: JSON.stringify({ name: 'Ирина Петрова', repeated: 'x'.repeat(100_000) }) },
    { path: 'bills/PMX-2026-000042.pdf', data: random },
    { path: 'licenses/PMX-700123-1.lic', data: '' },
    { path: 'счета/счёт.txt', data: 'Кириллица в имени файла.' },
  ]
  const archive = zipArchive(entries, new Date('2026-12-01T10:20:30Z'))
  const file = write('export.zip', archive)

  test('unzip -t finds no error', () => {
    const out = execFileSync('unzip', ['-t', file], { encoding: 'utf8' })
    expect(out).toMatch(/No errors detected/)
  })

  test('every entry lists with its name, and extracts byte for byte', () => {
    const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).trim().split('\n')
    expect(names).toEqual(entries.map((e) => e.path))
    for (const e of entries) {
      const out = execFileSync('unzip', ['-p', file, e.path], { maxBuffer: 10 * 1024 * 1024 })
      expect(out.equals(typeof e.data === 'string' ? Buffer.from(e.data) : e.data)).toBe(true)
    }
  })

  test('compressible entries are deflated, incompressible ones stored; times are kept', () => {
    const verbose = execFileSync('unzip', ['-v', file], { encoding: 'utf8' })
    expect(verbose).toMatch(/\d+\s+Defl:N\s+\d+\s+\d+%\s+2026-12-01 10:20\s+[0-9a-f]{8}\s+account\.json/)
    expect(verbose).toMatch(/50000\s+Stored\s+50000\s+0%\s+2026-12-01 10:20\s+[0-9a-f]{8}\s+bills\/PMX-2026-000042\.pdf/)
    expect(archive.length).toBeLessThan(60_000)
  })

  test('a changed byte is found by unzip -t (the CRC-32 is real)', () => {
    const damaged = Buffer.from(archive)
    const at = damaged.indexOf(random.subarray(0, 16)) + 1000
    damaged[at] ^= 0xff
    const result = spawnSync('unzip', ['-t', write('damaged.zip', damaged)], { encoding: 'utf8' })
    expect(result.status).not.toBe(0)
    expect(result.stdout).toMatch(/bad CRC/)
  })

  test('an empty archive is valid too', () => {
    const result = spawnSync('unzip', ['-t', write('empty.zip', zipArchive([]))], { encoding: 'utf8' })
    // unzip reports an empty archive as a warning (exit 1), not as a damaged one (exit 2 or 3).
    expect(result.status).toBeLessThanOrEqual(1)
    expect(`${result.stdout}${result.stderr}`).toMatch(/zipfile is empty/)
  })

  test('unsafe and repeated paths are refused', () => {
    for (const bad of ['', '/etc/passwd', '../x', 'a/../b', 'a//b', 'a\\b', './a', 'C:x']) {
      expect(safeZipPath(bad)).toBe(false)
      expect(() => zipArchive([{ path: bad, data: 'x' }])).toThrow(/unsafe path/)
    }
    expect(() => zipArchive([{ path: 'a.txt', data: '1' }, { path: 'a.txt', data: '2' }])).toThrow(/twice/)
  })
})
