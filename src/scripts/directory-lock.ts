/**
 * A lock between processes on one machine, for work two of them must not do at once (two `next build`s
 * into the same folder corrupt it): a directory made with mkdir, which either succeeds or finds it
 * there, holding the owner's pid. A lock whose owner is gone (killed mid-build) is taken over.
 * Synchronous, as its callers are.
 */
import fs from 'node:fs'
import path from 'node:path'

const sleepMs = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)

/** Whether a process with this pid runs (signal 0 only asks; EPERM means it runs as someone else). */
function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

function ownerOf(lockDir: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(lockDir, 'pid'), 'utf8'))
    return Number.isInteger(pid) && pid > 0 ? pid : null
  } catch {
    return null
  }
}

/** Makes the lock and writes this process's pid in it; false when another holds it. */
function tryToTake(lockDir: string): boolean {
  try {
    fs.mkdirSync(lockDir)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false
    throw err // a folder that cannot be made at all (its parent missing, no permission)
  }
  try {
    fs.writeFileSync(path.join(lockDir, 'pid'), String(process.pid))
    return true
  } catch (err) {
    // Moved aside meanwhile by a waiter that took the still ownerless lock for abandoned: try again.
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw err
  }
}

export interface LockOptions {
  /** Told once when the lock is held by another process. */
  onWait?: (ownerPid: number | null) => void
  /** How long to wait for another owner before giving up. */
  timeoutMs?: number
  /** How long a lock without a readable owner (being made, or left half-made) is waited for. */
  ownerlessGraceMs?: number
}

/** Runs `fn` while holding the lock at `lockDir`; waits while another living process holds it. */
export function withDirectoryLock<T>(lockDir: string, fn: () => T, { onWait, timeoutMs = 30 * 60_000, ownerlessGraceMs = 5_000 }: LockOptions = {}): T {
  const deadline = Date.now() + timeoutMs
  let told = false
  let ownerlessSince: number | null = null
  for (;;) {
    if (tryToTake(lockDir)) break
    const owner = ownerOf(lockDir)
    const now = Date.now()
    ownerlessSince = owner === null ? (ownerlessSince ?? now) : null
    const abandoned = owner === null ? now - (ownerlessSince ?? now) > ownerlessGraceMs : !isRunning(owner)
    if (abandoned) {
      // Moved aside first (rename is atomic), so of two waiters only one takes it over; a lock that
      // turns out to have a new owner by then is put back.
      const aside = `${lockDir}.abandoned-${process.pid}-${now}`
      try {
        fs.renameSync(lockDir, aside)
      } catch {
        continue
      }
      if (ownerOf(aside) !== owner) {
        try {
          fs.renameSync(aside, lockDir)
        } catch {
          // A third process made a new lock in the instant between: it keeps it, and the owner of
          // the moved one loses its lock. Taking over needs an abandoned lock and three processes at once.
        }
      }
      fs.rmSync(aside, { recursive: true, force: true })
      ownerlessSince = null
      continue
    }
    if (!told) {
      onWait?.(owner)
      told = true
    }
    if (now > deadline) throw new Error(`${lockDir} is still held by process ${owner ?? '(unknown)'} after ${Math.round(timeoutMs / 1000)} s; remove it if that process is gone`)
    sleepMs(250)
  }
  try {
    return fn()
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true })
  }
}
