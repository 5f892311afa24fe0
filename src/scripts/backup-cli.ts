/** What the backup, restore and verify commands share: usage errors, errors a person can act on, priority. */
import fs from 'node:fs'
import os from 'node:os'

import { BackupError } from '@/db/backup/errors'
import { ConfigError } from '@/config/env'

export class UsageError extends Error {}

/** Runs a command: exit 0 when it returns, 1 with its message for a refusal, 2 for a usage error. */
export function runCommand(name: string, usage: string, main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      if (err instanceof UsageError) {
        console.error(`${name}: ${err.message}\n\n${usage}`)
        process.exit(2)
      }
      if (err instanceof BackupError || err instanceof ConfigError) console.error(`${name}: ${err.message}`)
      else console.error(`${name}: failed:`, err)
      process.exit(1)
    },
  )
}

/** node:util parseArgs' errors (unknown option, missing value) as usage errors. */
export function parseOrUsage<T>(parse: () => T): T {
  try {
    return parse()
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err))
  }
}

/**
 * Lowers this process's CPU priority (nice 10), so a backup taken beside a busy server on the same
 * machine leaves the CPU to it and takes longer instead. On Linux a priority belongs to a thread and
 * new threads inherit their creator's, so every thread that exists already (libuv's pool, which runs
 * gzip, and V8's) is lowered through /proc/self/task; elsewhere only the main thread.
 */
export function lowerPriority(nice = 10): void {
  const threads = fs.existsSync('/proc/self/task') ? fs.readdirSync('/proc/self/task').map(Number) : [0]
  for (const tid of threads) {
    try {
      os.setPriority(tid, Math.max(os.getPriority(tid), nice))
    } catch {
      // a thread that ended meanwhile, or a system that does not allow it: the backup runs anyway
    }
  }
}
