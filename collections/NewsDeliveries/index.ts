/**
 * One record per (news item, subscriber): the guarantee that a news item reaches each subscriber at
 * most once. `key` = "<newsId>:<userId>" is unique, so a second claim fails in the database itself,
 * whichever worker tries it. Written only by the fan-out job; staff and editors read it.
 *
 * status: sending (claimed, being handed to the mail server), sent, failed (temporary error: the
 * fan-out job retries it), rejected (the server refused the address: never retried).
 */
import type { CollectionConfig } from 'payload'

import { hasRole, nobody } from '@/access/roles'
import { DELIVERY_STATUSES } from '@/news/delivery'

export const NewsDeliveries: CollectionConfig = {
  slug: 'news-deliveries',
  labels: { singular: { en: 'News e-mail', ru: 'Рассылка новости' }, plural: { en: 'News e-mails', ru: 'Рассылка новостей' } },
  admin: {
    useAsTitle: 'key',
    defaultColumns: ['news', 'email', 'status', 'attempts', 'sentAt', 'error'],
    group: { en: 'System', ru: 'Система' },
    hidden: ({ user }) => !hasRole(user, 'admin', 'manager', 'editor'),
  },
  access: {
    read: ({ req }) => hasRole(req.user, 'admin', 'manager', 'editor'),
    create: nobody,
    update: nobody,
    delete: ({ req }) => hasRole(req.user, 'admin'),
  },
  timestamps: true,
  fields: [
    { name: 'key', type: 'text', required: true, unique: true, index: true, admin: { readOnly: true } },
    { name: 'news', type: 'relationship', relationTo: 'news', index: true, admin: { readOnly: true } },
    { name: 'user', type: 'relationship', relationTo: 'users', index: true, admin: { readOnly: true } },
    { name: 'email', type: 'text', admin: { readOnly: true } },
    { name: 'lang', type: 'text', admin: { readOnly: true } },
    { name: 'status', type: 'select', required: true, index: true, options: [...DELIVERY_STATUSES], admin: { readOnly: true } },
    { name: 'attempts', type: 'number', defaultValue: 0, admin: { readOnly: true } },
    { name: 'sentAt', type: 'date', admin: { readOnly: true } },
    { name: 'messageId', type: 'text', admin: { readOnly: true } },
    { name: 'error', type: 'text', admin: { readOnly: true } },
  ],
}
