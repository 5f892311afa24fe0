/**
 * The lock that makes concurrent builds take turns (src/scripts/directory-lock.ts), between real
 * processes: holders never overlap, a lock left by a process that is gone is taken over, and a lock
 * held by a living process is waited for, with a message naming it when the wait is over.
 */
import { spawn, spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, expect, test } from '@jest/globals'

import { withDirectoryLock } from '@/scripts/directory-lock'

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-lock-'))
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }))
const lockModule = path.resolve('src/scripts/directory-lock.ts')

/** A process that takes the lock, logs when it holds it and lets it go after `holdMs`. */
function holder(lockDir: string, log: string, holdMs: number) {
  const script = path.join(dir, `holder-${Math.random().toString(36).slice(2)}.ts`)
  fs.writeFileSync(
    script,
    `import fs from 'node:fs'
import { withDirectoryLock } from ${JSON.stringify(lockModule)}
withDirectoryLock(${JSON.stringify(lockDir)}, () => {
  fs.appendFileSync(${JSON.stringify(log)}, 'in ' + process.pid + ' ' + Date.now() + '\\n')
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ${holdMs})
  fs.appendFileSync(${JSON.stringify(log)}, 'out ' + process.pid + ' ' + Date.now() + '\\n')
})
`,
  )
  const child = spawn(process.execPath, ['--import', 'tsx', script], { stdio: ['ignore', 'ignore', 'pipe'] })
  let err = ''
  child.stderr.on('data', (d: Buffer) => (err += d))
  return new Promise<void>((resolve, reject) => child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`holder exited ${code}: ${err}`)))))
}

test('three processes wanting the lock at once hold it one after another', async () => {
  const lockDir = path.join(dir, 'turns-lock')
  const log = path.join(dir, 'turns.log')
  await Promise.all([holder(lockDir, log, 400), holder(lockDir, log, 400), holder(lockDir, log, 400)])
  const lines = fs.readFileSync(log, 'utf8').trim().split('\n').map((l) => l.split(' '))
  expect(lines).toHaveLength(6)
  // Each "in" is followed by the same process's "out" before anyone else's "in".
  for (let i = 0; i < 6; i += 2) {
    expect(lines[i][0]).toBe('in')
    expect(lines[i + 1]).toEqual(['out', lines[i][1], expect.any(String)])
  }
  expect(new Set(lines.map((l) => l[1])).size).toBe(3)
  expect(fs.existsSync(lockDir)).toBe(false)
})

test('a lock left by a process that is gone is taken over at once', () => {
  const lockDir = path.join(dir, 'stale-lock')
  const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' })
  fs.mkdirSync(lockDir)
  fs.writeFileSync(path.join(lockDir, 'pid'), gone.stdout)
  const waits: (number | null)[] = []
  expect(withDirectoryLock(lockDir, () => 'built', { onWait: (pid) => waits.push(pid), timeoutMs: 5_000 })).toBe('built')
  expect(waits).toEqual([])
  expect(fs.existsSync(lockDir)).toBe(false)
})

test('a lock with no owner written is taken over once its grace time has passed', () => {
  const lockDir = path.join(dir, 'ownerless-lock')
  fs.mkdirSync(lockDir)
  const waits: (number | null)[] = []
  expect(withDirectoryLock(lockDir, () => 'built', { onWait: (pid) => waits.push(pid), ownerlessGraceMs: 500, timeoutMs: 5_000 })).toBe('built')
  expect(waits).toEqual([null])
})

test('a lock a living process holds is waited for, and the wait ends with a message that names it', () => {
  const lockDir = path.join(dir, 'held-lock')
  fs.mkdirSync(lockDir)
  fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid))
  let ran = false
  const waits: (number | null)[] = []
  expect(() => withDirectoryLock(lockDir, () => (ran = true), { onWait: (pid) => waits.push(pid), timeoutMs: 600 })).toThrow(new RegExp(`held by process ${process.pid}.*remove it`))
  expect(ran).toBe(false)
  expect(waits).toEqual([process.pid])
  expect(fs.existsSync(path.join(lockDir, 'pid'))).toBe(true) // another's lock is left alone
})

test('a lock that cannot be made at all (its folder is missing) is an error at once, not a wait', () => {
  const lockDir = path.join(dir, 'no-such-folder', 'lock')
  let ran = false
  expect(() => withDirectoryLock(lockDir, () => (ran = true), { ownerlessGraceMs: 100, timeoutMs: 5_000 })).toThrow(/ENOENT/)
  expect(ran).toBe(false)
})
