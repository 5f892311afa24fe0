/** The checkout's short commit id for the figures a script prints, or "unknown" outside a git checkout. */
import { execFileSync } from 'node:child_process'

export function shortCommit(): string {
  try {
    return execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim()
  } catch {
    return 'unknown'
  }
}
