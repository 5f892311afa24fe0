/**
 * GET /api/<collection>/export.csv — the list as CSV for staff, with the same `where` filter the
 * admin list uses (?where[status][equals]=paid) and the same access rules as the API.
 */
import type { CollectionSlug, Endpoint, Where } from 'payload'

import { isStaff } from '@/access/roles'
import { toCsv } from './csv'
import { forbidden } from './errors'
import { requireUser } from './read-body'

type Doc = Record<string, unknown>
export interface CsvColumn {
  header: string
  value: (doc: Doc) => unknown
}

const MAX_ROWS = 50_000
const ref = (key: string) => (v: unknown) => (v && typeof v === 'object' ? ((v as Doc)[key] ?? (v as Doc).id) : v)

/** A plain field, or a relationship shown by one of its fields (e.g. the customer's e-mail). */
export const col = (name: string, show?: string): CsvColumn => ({ header: name, value: (d) => (show ? ref(show)(d[name]) : d[name]) })

export function csvExportEndpoint(collection: CollectionSlug, columns: CsvColumn[]): Endpoint {
  return {
    path: '/export.csv',
    method: 'get',
    handler: async (req) => {
      const user = requireUser(req)
      if (!isStaff(user)) throw forbidden('Only managers and administrators export lists.')
      const where = (req.query?.where as Where | undefined) ?? {}
      const rows: unknown[][] = []
      for (let page = 1; rows.length < MAX_ROWS; page++) {
        const found = await req.payload.find({ collection, where, sort: (req.query?.sort as string) || '-createdAt', depth: 1, limit: 500, page, user, overrideAccess: false, req })
        for (const doc of found.docs) {
          const fields: Doc = Object.fromEntries(Object.entries(doc))
          rows.push(columns.map((c) => c.value(fields)))
        }
        if (!found.hasNextPage) break
      }
      const stamp = new Date().toISOString().slice(0, 10)
      return new Response(toCsv(columns.map((c) => c.header), rows), {
        status: 200,
        headers: {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${collection}-${stamp}.csv"`,
          'cache-control': 'private, no-store',
        },
      })
    },
  }
}
