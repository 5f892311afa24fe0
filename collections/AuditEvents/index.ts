import type { CollectionConfig } from 'payload'

import { closedCollection, neverField } from '@/access/closed-collection'
import { isStaff, nobody, staffOnly } from '@/access/roles'
import { refuseAuditDelete, refuseAuditUpdate } from '@hooks/keepAuditEventsAppendOnly'
import { AUDIT_ACTIONS } from '@/domain/audit'

/**
 * The audit log: append-only, written only by src/domain/audit.ts recordAudit. Managers and admins
 * read it; no API (REST, GraphQL or Local) changes or deletes an entry.
 */
export const AuditEvents: CollectionConfig = closedCollection({
  slug: 'audit-events',
  labels: { singular: { en: 'Audit event', ru: 'Событие журнала' }, plural: { en: 'Audit log', ru: 'Журнал аудита' } },
  admin: {
    useAsTitle: 'summary',
    defaultColumns: ['at', 'action', 'actorLabel', 'subjectCollection', 'subjectId', 'summary'],
    listSearchableFields: ['summary', 'actorLabel', 'subjectId'],
    group: { en: 'Administration', ru: 'Администрирование' },
    hidden: ({ user }) => !isStaff(user),
    description: 'Who did what, and when. Entries are never changed or deleted.',
  },
  defaultSort: '-at',
  access: { read: staffOnly, create: nobody, update: nobody, delete: nobody, readVersions: nobody },
  duplicate: 'closed',
  fieldWrites: { create: neverField, update: neverField },
  hooks: { beforeChange: [refuseAuditUpdate], beforeDelete: [refuseAuditDelete] },
  fields: [
    {
      name: 'action',
      type: 'select',
      required: true,
      index: true,
      options: AUDIT_ACTIONS.map((a) => ({ label: a, value: a })),
      admin: { readOnly: true },
    },
    { name: 'at', type: 'date', required: true, index: true, admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'actor', type: 'relationship', relationTo: 'users', index: true, admin: { readOnly: true, description: 'Empty for the payment webhook and the system.' } },
    { name: 'actorLabel', type: 'text', admin: { readOnly: true } },
    {
      type: 'row',
      fields: [
        { name: 'subjectCollection', type: 'text', required: true, index: true, admin: { readOnly: true } },
        { name: 'subjectId', type: 'text', required: true, index: true, admin: { readOnly: true } },
      ],
    },
    { name: 'summary', type: 'text', required: true, admin: { readOnly: true } },
    { name: 'before', type: 'json', admin: { readOnly: true } },
    { name: 'after', type: 'json', admin: { readOnly: true } },
  ],
  timestamps: true,
})
