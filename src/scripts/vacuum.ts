/**
 * `npm run db:vacuum`: rewrites the embedded SQLite database file without its free space, and empties
 * the write-ahead log. Rows that were changed or deleted — such as a closed account's data — leave
 * their old bytes in free pages and in the log until SQLite reuses them; after this command they are
 * gone from the files (docs/privacy.md). Safe beside a running server: writers wait (busy timeout)
 * while it runs, which takes seconds per gigabyte, so run it at a quiet time.
 */
import fs from 'node:fs'
import Database from 'libsql'

import { databaseChoice } from '@/config/env'

const choice = databaseChoice()
if (choice.kind !== 'sqlite' || choice.url === ':memory:' || choice.url === 'file::memory:') {
  console.error('npm run db:vacuum works on the embedded SQLite database (DATABASE_URI empty or file:…). On MongoDB, free space is reused by WiredTiger; its compact command releases it (docs/privacy.md).')
  process.exit(2)
}
const file = choice.url.slice('file:'.length)
if (!fs.existsSync(file)) {
  console.error(`No database at ${file}.`)
  process.exit(2)
}
const size = (f: string) => (fs.existsSync(f) ? fs.statSync(f).size : 0)
const before = { db: size(file), wal: size(`${file}-wal`) }
const started = Date.now()
const db = new Database(file)
try {
  db.exec('PRAGMA busy_timeout = 60000')
  db.exec('VACUUM')
  const [checkpoint] = db.prepare('PRAGMA wal_checkpoint(TRUNCATE)').all() as { busy: number; log: number; checkpointed: number }[]
  const after = { db: size(file), wal: size(`${file}-wal`) }
  const mb = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MB`
  console.log(`${file}: ${mb(before.db)} + log ${mb(before.wal)} → ${mb(after.db)} + log ${mb(after.wal)} in ${((Date.now() - started) / 1000).toFixed(1)} s`)
  if (checkpoint?.busy) {
    console.error('The log could not be emptied: another connection was reading. Run the command again in a moment.')
    process.exitCode = 1
  }
} finally {
  db.close()
}
