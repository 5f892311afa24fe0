/** What the backup, restore and verify commands share: usage errors, and errors a person can act on. */
import { BackupError } from '@/backup/errors'
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
