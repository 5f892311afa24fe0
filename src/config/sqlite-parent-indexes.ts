/**
 * SQLite schema addition: an index on `parent_id` of every hasMany text/number table (`*_texts`,
 * `*_numbers`). Payload indexes those tables on (order, parent_id) only, which cannot serve
 * "the values of this document", so reading one license's `options` scanned all of licenses_texts
 * (2 M rows at 1 M licenses: ~100 ms per license, 1.2 s for a customer's license list).
 */
import type { SQLiteSchemaHook } from '@payloadcms/db-sqlite'
import { index } from '@payloadcms/db-sqlite/drizzle/sqlite-core'

export const indexHasManyParents: SQLiteSchemaHook = ({ extendTable, schema }) => {
  for (const [name, table] of Object.entries(schema.tables)) {
    if (!/_(texts|numbers)$/.test(name) || !('parent' in table)) continue
    extendTable({ table, extraConfig: (t) => ({ parentIdx: index(`${name}_parent_idx`).on(t.parent) }) })
  }
  return schema
}
