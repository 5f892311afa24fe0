/** Ids arrive as strings in URLs and JSON; SQLite wants numbers, MongoDB strings. */
export function parseId(payload: { db: { defaultIDType?: string } }, value: unknown): string | number | null {
  if (typeof value === 'number' && Number.isInteger(value) && value > 0) return payload.db.defaultIDType === 'number' ? value : String(value)
  if (typeof value !== 'string' || value.length === 0 || value.length > 64) return null
  if (payload.db.defaultIDType === 'number') return /^[1-9]\d{0,15}$/.test(value) ? Number(value) : null
  return /^[a-zA-Z0-9_-]+$/.test(value) ? value : null
}
