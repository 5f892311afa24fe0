import type { CollectionConfig } from 'payload'

import { closedCollection, neverField } from '@/access/closed-collection'
import { isStaff, nobody, staffOnly } from '@/access/roles'

/**
 * Every dated right a controller was given — a free trial, a paid rental period, a firmware-update
 * period, a staff grant — with when it runs. A controller's option shows the latest end of its terms;
 * the unique `key` makes each trial once per controller and each paid order count once.
 * Written only by the licensing domain; staff read it.
 */
export const OptionTerms: CollectionConfig = closedCollection({
  slug: 'option-terms',
  labels: { singular: { en: 'Option term', ru: 'Срок опции' }, plural: { en: 'Option terms', ru: 'Сроки опций' } },
  admin: {
    useAsTitle: 'key',
    defaultColumns: ['controller', 'code', 'kind', 'from', 'until', 'endedEarlyAt', 'createdAt'],
    group: { en: 'Licensing', ru: 'Лицензирование' },
    hidden: ({ user }) => !isStaff(user),
    description: 'Trials, rentals, update plans and staff grants, as given. Change them from the controller’s page (Grant, Extend, End now).',
  },
  access: { read: staffOnly, create: nobody, update: nobody, delete: nobody, readVersions: nobody },
  duplicate: 'closed',
  fieldWrites: { create: neverField, update: neverField },
  fields: [
    { name: 'key', type: 'text', required: true, unique: true, index: true, admin: { readOnly: true } },
    { name: 'controller', type: 'relationship', relationTo: 'controllers', required: true, index: true, admin: { readOnly: true } },
    { name: 'option', type: 'relationship', relationTo: 'options', required: true, admin: { readOnly: true } },
    { name: 'code', type: 'text', required: true, admin: { readOnly: true } },
    {
      name: 'kind',
      type: 'select',
      required: true,
      options: [
        { label: { en: 'Free trial', ru: 'Проба' }, value: 'trial' },
        { label: { en: 'Rental', ru: 'Аренда' }, value: 'rental' },
        { label: { en: 'Firmware updates', ru: 'Обновления прошивки' }, value: 'updates' },
        { label: { en: 'Granted by staff', ru: 'Выдана сотрудником' }, value: 'grant' },
      ],
      admin: { readOnly: true },
    },
    { name: 'order', type: 'relationship', relationTo: 'orders', admin: { readOnly: true } },
    { name: 'from', type: 'date', required: true, admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'until', type: 'date', required: true, index: true, admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'endedEarlyAt', type: 'date', admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
    { name: 'reason', type: 'text', maxLength: 500, admin: { readOnly: true } },
    { name: 'by', type: 'relationship', relationTo: 'users', admin: { readOnly: true } },
  ],
  timestamps: true,
})
