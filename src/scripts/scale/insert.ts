/**
 * Bulk inserts through the SQLite adapter's libsql client: multi-row INSERTs, many per explicit
 * write transaction (`client.batch(…, 'write')`), with a progress bar on stderr.
 */
import type { Client, InStatement } from '@libsql/client'

export type Row = (string | number | null)[]

export class ProgressBar {
  private t0 = Date.now()
  private last = 0
  constructor(private label: string, private total: number) {}

  update(done: number) {
    const now = Date.now()
    if (done < this.total && now - this.last < 250) return
    this.last = now
    const width = 30
    const frac = this.total ? done / this.total : 1
    const filled = Math.round(frac * width)
    const secs = (now - this.t0) / 1000
    const eta = frac > 0 ? secs / frac - secs : 0
    process.stderr.write(`\r${this.label.padEnd(22)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${done}/${this.total} ${secs.toFixed(0)} s${done < this.total ? `, ~${eta.toFixed(0)} s left` : ''}   `)
    if (done >= this.total) process.stderr.write('\n')
  }
}

/**
 * Inserts `count` rows made by `make(i)` into `table(columns)`: `rowsPerStatement` rows per INSERT,
 * `statementsPerTransaction` INSERTs per transaction.
 */
export async function bulkInsert(
  client: Client,
  table: string,
  columns: string[],
  count: number,
  make: (i: number) => Row | Row[],
  { rowsPerStatement = Math.floor(30_000 / columns.length), statementsPerTransaction = 20, label = table } = {},
): Promise<number> {
  const bar = new ProgressBar(label, count)
  const head = `INSERT INTO \`${table}\` (${columns.map((c) => `\`${c}\``).join(', ')}) VALUES `
  const tuple = `(${columns.map(() => '?').join(', ')})`
  let i = 0
  let inserted = 0
  let pending: Row[] = []
  let statements: InStatement[] = []
  const flushStatement = () => {
    if (!pending.length) return
    statements.push({ sql: head + pending.map(() => tuple).join(', '), args: pending.flat() })
    inserted += pending.length
    pending = []
  }
  const flushTransaction = async () => {
    flushStatement()
    if (statements.length) await client.batch(statements, 'write')
    statements = []
    bar.update(i)
  }
  for (; i < count; ) {
    const made = make(i)
    i += 1
    for (const row of Array.isArray(made[0]) ? (made as Row[]) : [made as Row]) {
      pending.push(row)
      if (pending.length >= rowsPerStatement) flushStatement()
    }
    if (statements.length >= statementsPerTransaction) await flushTransaction()
  }
  await flushTransaction()
  return inserted
}
