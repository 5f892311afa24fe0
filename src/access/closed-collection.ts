/**
 * Collections closed by construction. Payload fills every access rule a collection leaves out with
 * "any logged-in user" (and readVersions with the same when versions exist), and every built-in way
 * into an operation — REST create, PATCH, POST /:id/duplicate, version restore, bulk update — runs
 * with the collection's rule and no more. So a collection here states a rule for every operation,
 * says whether duplicating is closed, and names who writes a field that does not state its own
 * create/update rule: leaving one out does not compile.
 */
import type { CollectionConfig, Field, FieldAccess } from 'payload'

type PayloadAccess = NonNullable<CollectionConfig['access']>

/**
 * A rule for each operation Payload offers on a collection. readVersions is required even without
 * versions, so turning versions on later cannot open them; `unlock` and `admin` matter only for auth
 * collections (collections/Users).
 */
export type CollectionAccess = Required<Pick<PayloadAccess, 'create' | 'read' | 'update' | 'delete' | 'readVersions'>> & Pick<PayloadAccess, 'admin' | 'unlock'>

/** Who writes a field that does not state its own `access.create` / `access.update`. */
export interface FieldWrites {
  create: FieldAccess
  update: FieldAccess
}

/**
 * `closed`: POST /api/<slug>/:id/duplicate is refused (Payload drops the route and its operation throws).
 * `allowed`: only for collections whose create is staff- or editor-only and whose copy is harmless.
 */
export type Duplicate = 'closed' | 'allowed'

export type ClosedCollectionConfig = Omit<CollectionConfig, 'access' | 'disableDuplicate'> & {
  access: CollectionAccess
  duplicate: Duplicate
  fieldWrites: FieldWrites
}

/** What closedCollection records in `custom`, so a test of the running config can see what was stated. */
export interface ClosedAccessRecord {
  duplicate: Duplicate
  stated: CollectionAccess
  /** Every data field states create/update (closedCollection); false for Payload's built-ins (collections/built-in-collections.ts). */
  fieldsRuled: boolean
}

export const CLOSED_ACCESS_KEY = 'closedAccess'

/** Field access that never allows: for fields only the domain writes (with overrideAccess). */
export const neverField: FieldAccess = () => false

/**
 * Every data field (at any depth: rows, groups, arrays, tabs, blocks) gets the collection's write
 * rule unless it states its own; its read rule stays as written.
 */
export function withFieldWrites(fields: Field[], writes: FieldWrites): Field[] {
  return fields.map((field) => {
    let next: Field = field
    if ('name' in field && field.type !== 'ui') {
      const own = 'access' in field ? field.access : undefined
      next = { ...field, access: { ...own, create: own?.create ?? writes.create, update: own?.update ?? writes.update } } as Field
    }
    if ('fields' in next && Array.isArray(next.fields)) next = { ...next, fields: withFieldWrites(next.fields, writes) } as Field
    if (next.type === 'tabs') next = { ...next, tabs: next.tabs.map((tab) => ({ ...tab, fields: withFieldWrites(tab.fields, writes) })) }
    if (next.type === 'blocks' && next.blocks) next = { ...next, blocks: next.blocks.map((block) => ({ ...block, fields: withFieldWrites(block.fields, writes) })) }
    return next
  })
}

/** A collection with every operation's rule stated, duplicate decided, and every field's writes ruled. */
export function closedCollection(config: ClosedCollectionConfig): CollectionConfig {
  const { duplicate, fieldWrites, access, ...rest } = config
  const record: ClosedAccessRecord = { duplicate, stated: access, fieldsRuled: true }
  return {
    ...rest,
    access,
    disableDuplicate: duplicate === 'closed',
    fields: withFieldWrites(rest.fields, fieldWrites),
    custom: { ...rest.custom, [CLOSED_ACCESS_KEY]: record },
  }
}
