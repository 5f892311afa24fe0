/** Writes what a matrix saw as rows of its table (`'key': 'cells',`), for reviewing a change against it. */
import fs from 'node:fs'

export function recordSeen(file: string | undefined, seen: Record<string, string>): void {
  if (!file) return
  const lines = Object.keys(seen)
    .sort()
    .map((k) => `  '${k}': '${seen[k]}',`)
  fs.writeFileSync(file, `${lines.join('\n')}\n`)
}
