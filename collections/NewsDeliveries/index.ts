/**
 * One record per (news item, subscriber): the guarantee that a news item reaches each subscriber at
 * most once. `key` = "<newsId>:<userId>" is unique, so a second claim fails in the database itself,
 * whichever worker tries it. Written only by the fan-out job; staff and editors read it.
 *
 * status: sending (claimed, being handed to the mail server), sent, failed (temporary error: the
 * fan-out job retries it), rejected (the server refused the address: never retried).
 *
 * Editors see how many deliveries went out and how they ended, never to whom: the subscriber, the
 * address and the mail server's answers (which quote the address) are read by staff only.
 */
import type { CollectionConfig } from 'payload'

import { closedCollection, neverField } from '@/access/closed-collection'
import { hasRole, nobody, staffFieldOnly } from '@/access/roles'
import { DELIVERY_STATUSES } from '@/news/delivery'

const staffOnlyRead = { read: staffFieldOnly }

export const NewsDeliveries: CollectionConfig = closedCollection({
  slug: 'news-deliveries',
  labels: { singular: { en: 'News e-mail', ru: 'Рассылка новости' }, plural: { en: 'News e-mails', ru: 'Рассылка новостей' } },
  admin: {
    useAsTitle: 'key',
    defaultColumns: ['news', 'status', 'attempts', 'sentAt', 'email', 'error'],
    group: { en: 'System', ru: 'Система' },
    hidden: ({ user }) => !hasRole(user, 'admin', 'manager', 'editor'),
  },
  access: {
    read: ({ req }) => hasRole(req.user, 'admin', 'manager', 'editor'),
    create: nobody,
    update: nobody,
    delete: ({ req }) => hasRole(req.user, 'admin'),
    readVersions: nobody,
  },
  duplicate: 'closed',
  // Written only by the fan-out job (src/news/delivery.ts).
  fieldWrites: { create: neverField, update: neverField },
  timestamps: true,
  fields: [
    { name: 'key', type: 'text', required: true, unique: true, index: true, admin: { readOnly: true } },
    { name: 'news', type: 'relationship', relationTo: 'news', index: true, admin: { readOnly: true } },
    { name: 'user', type: 'relationship', relationTo: 'users', index: true, access: staffOnlyRead, admin: { readOnly: true } },
    { name: 'email', type: 'text', access: staffOnlyRead, admin: { readOnly: true } },
    { name: 'lang', type: 'text', admin: { readOnly: true } },
    { name: 'status', type: 'select', required: true, index: true, options: [...DELIVERY_STATUSES], admin: { readOnly: true } },
    { name: 'attempts', type: 'number', defaultValue: 0, admin: { readOnly: true } },
    { name: 'sentAt', type: 'date', admin: { readOnly: true } },
    { name: 'messageId', type: 'text', access: staffOnlyRead, admin: { readOnly: true } },
    { name: 'error', type: 'text', access: staffOnlyRead, admin: { readOnly: true } },
  ],
})
