import type { CollectionConfig, Field } from 'payload'

import { closedCollection, neverField } from '@/access/closed-collection'
import { nobody } from '@/access/roles'

/**
 * A table the server keeps for itself, one row per unique `key`: hidden from the admin, closed to the
 * REST API, no timestamps or document locks. Written only with the adapter's raw statements.
 */
export function internalKeyedCollection(slug: string, fields: Field[]): CollectionConfig {
  return closedCollection({
    slug,
    admin: { hidden: true, useAsTitle: 'key' },
    access: { read: nobody, create: nobody, update: nobody, delete: nobody, readVersions: nobody },
    duplicate: 'closed',
    fieldWrites: { create: neverField, update: neverField },
    graphQL: false,
    lockDocuments: false,
    timestamps: false,
    fields: [{ name: 'key', type: 'text', required: true, unique: true, index: true }, ...fields],
  })
}
