/**
 * `node --import tsx test/privacy/grep-database.ts FILE NEEDLE…`: prints (JSON) every value of every
 * row of every table of the SQLite file FILE that contains one of the needles, case-insensitively, and
 * how often each needle occurs in the bytes of the file and its write-ahead log.
 *
 * A process of its own, as any other tool reading the file: opening and closing the file inside the
 * test process (where the server holds its connection) — with SQLite or with fs — would release the
 * server's POSIX locks on it (close() drops all of a process's locks on a file), and a VACUUM in
 * another process would then take the database for unused and delete its log.
 */
import fs from 'node:fs'
import Database from 'libsql'

const [file, ...needles] = process.argv.slice(2)
const raw: Record<string, number> = {}
for (const f of [file, `${file}-wal`]) {
  if (!fs.existsSync(f)) continue
  const bytes = fs.readFileSync(f).toString('latin1')
  for (const n of needles) raw[n] = (raw[n] ?? 0) + bytes.split(n).length - 1
}
const db = new Database(file, { readonly: true })
const hits: string[] = []
const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").all() as { name: string }[]
for (const { name } of tables) {
  for (const row of db.prepare(`SELECT * FROM "${name}"`).all() as Record<string, unknown>[]) {
    for (const [column, value] of Object.entries(row)) {
      if (value == null) continue
      const text = (Buffer.isBuffer(value) ? value.toString('latin1') : String(value)).toLowerCase()
      for (const n of needles) if (text.includes(n.toLowerCase())) hits.push(`${name}.${column} contains ${n}: ${text.slice(0, 160)}`)
    }
  }
}
db.close()
console.log(JSON.stringify({ tables: tables.length, hits, raw }))
