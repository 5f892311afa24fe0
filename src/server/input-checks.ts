/**
 * Input Payload's REST routes cannot take, refused with a 4xx before Payload sees it. Payload hands
 * such input to the database adapter, which fails with a 500: a document id that is no id of this
 * database (`/api/orders/abc` on SQLite, whose ids are numbers), a `where` whose operator is not last
 * or whose value cannot be of its field's type (`where[id][in]=a,b`, `where[createdAt][greater_than]=x`),
 * a page number past what a number can count, a file name of an upload that does not exist.
 *
 * The checks follow Payload's own routing (the first endpoint of the collection whose method and path
 * match, test/boundary/odd-input-sweep.test.ts sends the odd input to every route) and its query
 * operators (payload/dist/types/constants.js).
 */
import { match } from 'path-to-regexp'
import type { FlattenedField, Payload, SanitizedCollectionConfig } from 'payload'

export interface Refusal {
  status: 400 | 404
  message: string
}

const OPERATORS = new Set([
  'equals',
  'not_equals',
  'in',
  'not_in',
  'all',
  'exists',
  'greater_than',
  'greater_than_equal',
  'less_than',
  'less_than_equal',
  'like',
  'not_like',
  'contains',
  'near',
  'within',
  'intersects',
])
const LIST_OPERATORS = new Set(['in', 'not_in', 'all'])
const MAX_PAGE = 1_000_000

/** Whether `value` can be a document id of this database (numbers on SQLite, ObjectIds on MongoDB). */
export function isDocumentId(payload: Payload, value: string): boolean {
  return payload.db.defaultIDType === 'number' ? /^[1-9][0-9]{0,14}$/.test(value) : /^[0-9a-f]{24}$/i.test(value)
}

/**
 * Payload's own routes that take a document id. The product's endpoints (`/:id/apply`, `/:id/export`
 * with its `me`, …) read their ids themselves (src/domain/ids.ts) and answer a bad one with a 404.
 */
const BUILT_IN_ID_ROUTES = new Set(['/:id', '/versions/:id', '/:id/duplicate', '/access/:id?', '/paste-url/:id?'])

/** decodeURIComponent, except that an escape that is no UTF-8 (`%C3` alone) stays as it is rather than throwing. */
function tolerantDecode(s: string): string {
  try {
    return decodeURIComponent(s)
  } catch {
    return s
  }
}

/**
 * The path pattern and route params of the collection endpoint Payload would run for (method, path
 * below the collection): the first whose method matches and whose path matches, with the matcher and
 * decoding Payload's router uses (path-to-regexp, payload/dist/utilities/handleEndpoints.js).
 */
function routeParams(collection: SanitizedCollectionConfig, method: string, rest: string): { route: string; params: Record<string, string> } | null {
  for (const endpoint of collection.endpoints || []) {
    if (endpoint.method.toUpperCase() !== method) continue
    const matched = match<Record<string, string>>(endpoint.path, { decode: tolerantDecode })(rest)
    if (matched) return { route: endpoint.path, params: matched.params }
  }
  return null
}

/** The field a `where` path names (`createdAt`, `bill.buyer.email`, `items.option`), if the collection has it. */
function fieldAt(fields: FlattenedField[], path: string[]): FlattenedField | undefined {
  let list = fields
  let found: FlattenedField | undefined
  for (const name of path) {
    found = list.find((f) => f.name === name)
    if (!found) return undefined
    list = 'flattenedFields' in found ? found.flattenedFields : []
  }
  return found
}

/** Why a value of a `where` condition cannot be compared with the field, or null. */
function badValue(payload: Payload, field: { type: string; relationTo?: unknown } | undefined, operator: string, raw: string): string | null {
  if (!field || operator === 'exists' || operator === 'like' || operator === 'not_like' || operator === 'contains') return null
  const values = LIST_OPERATORS.has(operator) ? raw.split(',') : [raw]
  for (const v of values) {
    if (v === '' || v === 'null') continue
    if (field.type === 'id' || ((field.type === 'relationship' || field.type === 'upload') && typeof field.relationTo === 'string')) {
      if (!isDocumentId(payload, v)) return `"${v}" is not a document id.`
    } else if (field.type === 'number') {
      if (!Number.isFinite(Number(v))) return `"${v}" is not a number.`
    } else if (field.type === 'date') {
      if (Number.isNaN(Date.parse(v))) return `"${v}" is not a date (use ISO 8601, e.g. 2026-12-31T00:00:00Z).`
    }
  }
  return null
}

/** Checks the `where` keys of a query (`where[a][b][op]=v`, `where[or][0][…]`) against the collection. */
function checkWhere(payload: Payload, collection: SanitizedCollectionConfig, query: URLSearchParams, versions: boolean): string | null {
  for (const [key, value] of query) {
    if (!key.startsWith('where[')) continue
    const parts = [...key.matchAll(/\[([^\]]*)\]/g)].map((m) => m[1])
    const path: string[] = []
    let operator: string | null = null
    for (let i = 0; i < parts.length; i += 1) {
      const part = parts[i]
      if ((part === 'and' || part === 'or') && path.length === 0 && operator === null) {
        if (!/^[0-9]{1,3}$/.test(parts[i + 1] ?? '')) return `In ${key}: "${part}" takes a list, e.g. where[${part}][0][field][equals]=value.`
        i += 1
        continue
      }
      if (OPERATORS.has(part) && path.length > 0) {
        if (i !== parts.length - 1) return `In ${key}: the operator "${part}" must come last.`
        operator = part
        break
      }
      path.push(...part.split('.'))
    }
    if (!operator) continue
    const isId = path.length === 1 && (path[0] === 'id' || (versions && path[0] === 'parent'))
    const field = isId ? { type: 'id' } : fieldAt(collection.flattenedFields, versions && path[0] === 'version' ? path.slice(1) : path)
    const bad = badValue(payload, field, operator, value)
    if (bad) return `In ${key}: ${bad}`
  }
  return null
}

/** A 4xx for input Payload would fail on with a 500, or null. `path` is canonical, below /api. */
export async function refuseUnusableInput(payload: Payload, method: string, path: string, search: string): Promise<Refusal | null> {
  const match = /^\/api\/([^/]+)(\/.*)?$/.exec(path)
  const collection = match && payload.config.collections.find((c) => c.slug === match[1])
  if (!collection) return null
  const query = new URLSearchParams(search)
  const page = query.get('page')
  if (page !== null && page !== '' && !(Number.isInteger(Number(page)) && Number(page) >= 1 && Number(page) <= MAX_PAGE)) {
    return { status: 400, message: `page must be a whole number from 1 to ${MAX_PAGE}.` }
  }
  const where = checkWhere(payload, collection, query, (match[2] ?? '').startsWith('/versions'))
  if (where) return { status: 400, message: where }
  const matched = routeParams(collection, method, match[2] ?? '/')
  const params = matched?.params
  if (matched && BUILT_IN_ID_ROUTES.has(matched.route) && params?.id !== undefined && !isDocumentId(payload, params.id)) {
    return { status: 404, message: `No ${collection.slug} document has the id "${params.id}".` }
  }
  if (params?.filename !== undefined && collection.upload) {
    const sizes = typeof collection.upload === 'object' ? (collection.upload.imageSizes ?? []) : []
    const found = await payload.count({
      collection: collection.slug,
      overrideAccess: true,
      where: { or: [{ filename: { equals: params.filename } }, ...sizes.map((s) => ({ [`sizes.${s.name}.filename`]: { equals: params.filename } }))] },
    })
    if (found.totalDocs === 0) return { status: 404, message: `No file named "${params.filename}".` }
  }
  return null
}
