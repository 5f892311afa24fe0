import type { CollectionConfig } from 'payload'

import { closedCollection, neverField } from '@/access/closed-collection'
import { isStaff, nobody } from '@/access/roles'
import { readLicenses } from './access'
import { refuseLicenseDelete, refuseLicenseUpdate } from '@hooks/keepLicensesImmutable'
import { downloadEndpoint } from './endpoints/download'
import { licensesExport } from '@/domain/export-columns'

/** Every license ever issued. Written only by the issuing service; never changed or deleted. */
export const Licenses: CollectionConfig = closedCollection({
  slug: 'licenses',
  labels: { singular: { en: 'License', ru: 'Лицензия' }, plural: { en: 'Licenses', ru: 'Лицензии' } },
  admin: {
    useAsTitle: 'licenseId',
    defaultColumns: ['serial', 'sequence', 'format', 'options', 'issuedAt', 'issuedBy', 'kid'],
    group: { en: 'Licensing', ru: 'Лицензирование' },
    hidden: ({ user }) => !isStaff(user),
    components: { beforeList: ['/src/admin/ExportCsvLink#ExportCsvLink'] },
  },
  access: {
    read: readLicenses,
    create: nobody,
    update: nobody,
    delete: nobody,
    readVersions: nobody,
  },
  duplicate: 'closed',
  fieldWrites: { create: neverField, update: neverField },
  indexes: [{ fields: ['controller', 'sequence'], unique: true }],
  hooks: { beforeChange: [refuseLicenseUpdate], beforeDelete: [refuseLicenseDelete] },
  endpoints: [downloadEndpoint, licensesExport],
  fields: [
    { name: 'licenseId', type: 'text', required: true, unique: true, admin: { readOnly: true } },
    { name: 'controller', type: 'relationship', relationTo: 'controllers', required: true, index: true, admin: { readOnly: true } },
    { name: 'serial', type: 'text', required: true, index: true, admin: { readOnly: true } },
    { name: 'sequence', type: 'number', required: true, admin: { readOnly: true } },
    { name: 'options', type: 'text', hasMany: true, admin: { readOnly: true } },
    { name: 'format', type: 'number', required: true, defaultValue: 1, label: { en: 'Format', ru: 'Формат' }, admin: { readOnly: true } },
    { name: 'kid', type: 'text', required: true, index: true, admin: { readOnly: true } },
    { name: 'alg', type: 'text', required: true, admin: { readOnly: true } },
    { name: 'sha256', type: 'text', required: true, admin: { readOnly: true } },
    { name: 'issuedAt', type: 'date', required: true, index: true, admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'issuedBy', type: 'relationship', relationTo: 'users', admin: { readOnly: true } },
    {
      name: 'revocationListNumber',
      type: 'number',
      label: { en: 'Revocation list carried', ru: 'Список отзыва в файле' },
      admin: { readOnly: true, description: 'Format 2: the number of the revocation list inside the file (empty: none).' },
    },
    { name: 'file', type: 'textarea', required: true, admin: { readOnly: true } },
  ],
  timestamps: true,
})
