import type { CollectionConfig } from 'payload'

import { closedCollection, neverField } from '@/access/closed-collection'
import { adminFieldOnly, adminsOnly, isAdmin, nobody } from '@/access/roles'
import { applyRevocationList } from '@hooks/applyRevocationList'
import { forgetCachedSigningKeys } from '@hooks/forgetCachedSigningKeys'
import { readUploadedRevocationList } from '@hooks/readUploadedRevocationList'

/**
 * Revocation lists signed offline by a PUMOTIX root (pumotix-keys revoke): each names every signing
 * key controllers must no longer trust, and has the next number. The newest travels inside every
 * format 2 license from the moment it is uploaded; the keys it names are revoked here and never sign again.
 */
export const RevocationLists: CollectionConfig = closedCollection({
  slug: 'revocation-lists',
  labels: { singular: { en: 'Revocation list', ru: 'Список отзыва' }, plural: { en: 'Revocation lists', ru: 'Списки отзыва' } },
  admin: {
    useAsTitle: 'number',
    defaultColumns: ['number', 'issuedAt', 'revoked', 'rootKid', 'createdAt'],
    group: { en: 'Licensing', ru: 'Лицензирование' },
    hidden: ({ user }) => !isAdmin(user),
    description: 'Paste a revocation list made with `pumotix-keys revoke` (-----BEGIN PUMOTIX REVOCATION LIST----- …) to publish it.',
  },
  access: { read: adminsOnly, create: adminsOnly, update: nobody, delete: nobody, readVersions: nobody },
  duplicate: 'closed',
  // Everything but the pasted list is read from it (hooks/readUploadedRevocationList).
  fieldWrites: { create: neverField, update: neverField },
  defaultSort: '-number',
  hooks: { beforeValidate: [readUploadedRevocationList], afterChange: [applyRevocationList, forgetCachedSigningKeys] },
  fields: [
    {
      name: 'list',
      type: 'textarea',
      required: true,
      label: { en: 'Revocation list', ru: 'Список отзыва' },
      access: { create: adminFieldOnly, update: neverField },
      admin: { description: 'Stored as the base64 of its envelope, as format 2 licenses carry it (crl).' },
    },
    { name: 'number', type: 'number', required: true, unique: true, index: true, admin: { readOnly: true } },
    { name: 'issuedAt', type: 'date', required: true, admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'revoked', type: 'text', hasMany: true, label: { en: 'Revoked signing keys', ru: 'Отозванные ключи' }, admin: { readOnly: true } },
    { name: 'rootKid', type: 'text', required: true, label: { en: 'Signed by root', ru: 'Подписан корнем' }, admin: { readOnly: true } },
    { name: 'uploadedBy', type: 'relationship', relationTo: 'users', admin: { readOnly: true } },
  ],
  timestamps: true,
})
