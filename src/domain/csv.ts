/** Minimal RFC 4180 CSV: parse (quotes, "" escapes, CRLF/LF; comma or semicolon delimiter) and write. */

export interface CsvRow {
  /** 1-based line number in the text where the row starts. */
  line: number
  cells: string[]
}

export function parseCsv(text: string, delimiter = ','): CsvRow[] {
  const rows: CsvRow[] = []
  let cells: string[] = []
  let cell = ''
  let quoted = false
  let line = 1
  let rowLine = 1
  const endRow = () => {
    cells.push(cell)
    if (cells.some((c) => c.trim() !== '')) rows.push({ line: rowLine, cells: cells.map((c) => c.trim()) })
    cells = []
    cell = ''
  }
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else {
        if (ch === '\n') line++
        cell += ch
      }
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true
      cell = ''
    } else if (ch === delimiter) {
      cells.push(cell)
      cell = ''
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++
      endRow()
      line++
      rowLine = line
    } else cell += ch
  }
  if (cell !== '' || cells.length) endRow()
  return rows
}

/** Guesses the delimiter from the first line: a semicolon file has semicolons and no commas there. */
export function detectDelimiter(text: string): ',' | ';' | '\t' {
  const first = text.split(/\r?\n/, 1)[0] ?? ''
  if (first.includes('\t') && !first.includes(',')) return '\t'
  return first.includes(';') && !first.includes(',') ? ';' : ','
}

const needsQuotes = /[",\r\n;]|^\s|\s$/

/** One CSV field; values that a spreadsheet would run as a formula (=, +, -, @) get a leading apostrophe. */
export function csvCell(value: unknown): string {
  if (value == null) return ''
  let s = Array.isArray(value) ? value.map((v) => (v && typeof v === 'object' ? JSON.stringify(v) : String(v))).join('; ') : typeof value === 'object' ? JSON.stringify(value) : String(value)
  if (/^[=+\-@\t\r]/.test(s) && !/^-?\d+(\.\d+)?$/.test(s)) s = `'${s}`
  return needsQuotes.test(s) ? `"${s.replace(/"/g, '""')}"` : s
}

export function toCsv(header: string[], rows: unknown[][]): string {
  return [header, ...rows].map((r) => r.map(csvCell).join(',')).join('\r\n') + '\r\n'
}
