/**
 * The field matrix's values: every data field of every collection as a path to a leaf (`status`,
 * `bill.seller.iban`, `entitlements.0.state`), and for each leaf a value that differs from the one
 * stored, valid for the field's type, so that a write the field's access allows really lands.
 */
import crypto from 'node:crypto'
import type { FlattenedField } from 'payload'

export type Path = (string | number)[]
export interface Leaf {
  path: Path
  field: FlattenedField
}

const SKIP = new Set(['id', 'createdAt', 'updatedAt'])

/** Every leaf of a collection's fields; arrays are walked through their first row. */
export function leaves(fields: FlattenedField[], prefix: Path = []): Leaf[] {
  const out: Leaf[] = []
  for (const f of fields) {
    if (prefix.length === 0 && SKIP.has(f.name)) continue
    if (f.type === 'join' || f.type === 'blocks') continue
    if (f.type === 'group') out.push(...leaves(f.flattenedFields, [...prefix, f.name]))
    else if (f.type === 'array') out.push(...leaves(f.flattenedFields, [...prefix, f.name, 0]))
    else out.push({ path: [...prefix, f.name], field: f })
  }
  return out
}

export const pathKey = (p: Path) => p.join('.')

const marker = () => crypto.randomBytes(4).toString('hex')

/** Values for text fields the product validates (a changed value must still pass their checks). */
const textByName: Record<string, () => string> = {
  serial: () => String(4_000_000_000 + Math.floor(Math.random() * 1e8)),
  hardwareId: () => crypto.randomBytes(16).toString('hex'),
  phone: () => `+49 30 ${1_000_000 + Math.floor(Math.random() * 8_000_000)}`,
  code: () => `C${marker().toUpperCase()}`,
  slug: () => `changed-${marker()}`,
  currency: () => 'USD',
}

export interface Pools {
  /** An existing document id of each collection, other than the subject's own, for relationships. */
  idOf: (collection: string, not?: unknown) => unknown
}

function lexical(text: string) {
  return {
    root: {
      type: 'root',
      format: '',
      indent: 0,
      version: 1,
      direction: 'ltr',
      children: [{ type: 'paragraph', format: '', indent: 0, version: 1, direction: 'ltr', textFormat: 0, children: [{ type: 'text', text, format: 0, mode: 'normal', style: '', detail: 0, version: 1 }] }],
    },
  }
}

/** A valid value for `field` that differs from `current`. */
export function changedValue(field: FlattenedField, current: unknown, pools: Pools): unknown {
  const many = 'hasMany' in field && field.hasMany === true
  const one = (): unknown => {
    switch (field.type) {
      case 'text':
      case 'textarea':
      case 'code':
        return (textByName[field.name] ?? (() => `changed-${marker()}`))()
      case 'email':
        return `changed-${marker()}@example.test`
      case 'number': {
        const base = typeof current === 'number' ? current : Array.isArray(current) && typeof current[0] === 'number' ? current[0] : 0
        return base + 7
      }
      case 'checkbox':
        return !current
      case 'select':
      case 'radio': {
        const values = field.options.map((o) => (typeof o === 'string' ? o : o.value))
        const now = Array.isArray(current) ? current[0] : current
        return values.find((v) => v !== now) ?? values[0]
      }
      case 'date':
        return new Date(Date.UTC(2031, 0, 2, 3, 4, 5) + Math.floor(Math.random() * 1000) * 1000).toISOString()
      case 'relationship':
      case 'upload': {
        const to = field.relationTo
        const currentId = current && typeof current === 'object' && 'value' in current ? (current as { value: unknown }).value : current
        if (Array.isArray(to)) return { relationTo: to[0], value: pools.idOf(to[0], currentId) }
        return pools.idOf(to, Array.isArray(currentId) ? currentId[0] : currentId)
      }
      case 'json':
        return { changed: marker() }
      case 'richText':
        return lexical(`changed ${marker()}`)
      case 'point':
        return [13.4, 52.5]
      default:
        return `changed-${marker()}`
    }
  }
  return many ? [one()] : one()
}

/** Relationship values as stored at depth 0 (ids), dates as ISO strings, array row ids left out. */
export function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise)
  if (value && typeof value === 'object') {
    const o = value as Record<string, unknown>
    if ('relationTo' in o && 'value' in o) return { relationTo: o.relationTo, value: normalise(idOf(o.value)) }
    return Object.fromEntries(
      Object.entries(o)
        .filter(([k]) => k !== 'id')
        .map(([k, v]) => [k, normalise(v)]),
    )
  }
  return value
}
const idOf = (v: unknown) => (v && typeof v === 'object' && 'id' in v ? (v as { id: unknown }).id : v)

export function getAt(doc: unknown, path: Path): unknown {
  let v: unknown = doc
  for (const k of path) v = v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined
  return v
}

/** A generated container (row or group) for a path whose parent does not exist yet. */
function generated(fields: FlattenedField[], pools: Pools): Record<string, unknown> {
  const row: Record<string, unknown> = {}
  for (const f of fields) {
    if (f.type === 'join' || f.type === 'blocks') continue
    if (f.type === 'group') row[f.name] = generated(f.flattenedFields, pools)
    else if (f.type === 'array') row[f.name] = []
    else if ('required' in f && f.required) row[f.name] = 'defaultValue' in f && f.defaultValue !== undefined && typeof f.defaultValue !== 'function' ? f.defaultValue : changedValue(f, undefined, pools)
  }
  return row
}

/**
 * The top-level body that sets the leaf at `path` to `value` and leaves the rest of its container as
 * stored: `{bill: {...bill, seller: {...seller, iban: value}}}`, `{entitlements: [{...row0, state}, ...rest]}`.
 */
export function bodyFor(doc: Record<string, unknown> | null, fields: FlattenedField[], path: Path, value: unknown, pools: Pools): Record<string, unknown> {
  const top = String(path[0])
  if (path.length === 1) return { [top]: value }
  const build = (current: unknown, fs: FlattenedField[], rest: Path): unknown => {
    const [k, ...tail] = rest
    if (typeof k === 'number') {
      const rows = Array.isArray(current) ? current.map((r) => ({ ...(r as object) })) : []
      if (!rows.length) rows.push(generated(fs, pools))
      rows[0] = build(rows[0], fs, tail) as Record<string, unknown>
      return rows
    }
    const obj = { ...((current as Record<string, unknown>) ?? generated(fs, pools)) }
    if (tail.length === 0) obj[k] = value
    else {
      const f = fs.find((x) => x.name === k)
      const sub = f && (f.type === 'group' || f.type === 'array') ? f.flattenedFields : []
      obj[k] = build(obj[k], sub, tail)
    }
    return obj
  }
  const f = fields.find((x) => x.name === top)
  const sub = f && (f.type === 'group' || f.type === 'array') ? f.flattenedFields : []
  return { [top]: build(doc?.[top], sub, path.slice(1)) }
}
