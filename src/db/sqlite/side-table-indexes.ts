/**
 * SQLite schema additions: an index on the parent column of the side tables Payload keys by
 * (something, parent) only, which cannot serve "the rows of this document":
 * - every hasMany text/number table (`*_texts`, `*_numbers`), indexed on (order, parent_id): reading one
 *   license's `options` would scan all of licenses_texts, which grows with every license issued;
 * - every localized-fields table (`*_locales`), indexed on (_locale, _parent_id): each option, news item
 *   or page read with its translations scanned the whole table (`SCAN options__locales` on every
 *   controller and order list), growing with the catalogue and the news archive.
 */
import type { SQLiteSchemaHook } from '@payloadcms/db-sqlite'
import { index } from '@payloadcms/db-sqlite/drizzle/sqlite-core'

export const indexSideTableParents: SQLiteSchemaHook = ({ extendTable, schema }) => {
  for (const [name, table] of Object.entries(schema.tables)) {
    if (/_(texts|numbers)$/.test(name) && 'parent' in table) {
      extendTable({ table, extraConfig: (t) => ({ parentIdx: index(`${name}_parent_idx`).on(t.parent) }) })
    } else if (/_locales$/.test(name) && '_parentID' in table) {
      extendTable({ table, extraConfig: (t) => ({ parentIdIdx: index(`${name}_parent_id_idx`).on(t._parentID) }) })
    }
  }
  return schema
}
