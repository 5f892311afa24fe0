import type { CollectionConfig } from 'payload'

import { isStaff, staffOnly } from '@/access/roles'
import { readOptions } from './access'
import { refuseDeleteWhenReferenced } from '@hooks/refuseDeleteWhenReferenced'

export const OPTION_CODE = /^[A-Z0-9][A-Z0-9_]{1,31}$/
export const CURRENCIES = ['EUR', 'USD', 'RUB'] as const

/** The catalogue of software options a controller can run. Anyone reads what is on sale. */
export const Options: CollectionConfig = {
  slug: 'options',
  labels: { singular: { en: 'Option', ru: 'Опция' }, plural: { en: 'Options', ru: 'Опции' } },
  admin: {
    useAsTitle: 'code',
    defaultColumns: ['code', 'name', 'price', 'currency', 'modelIds', 'onSale'],
    group: { en: 'Licensing', ru: 'Лицензирование' },
    hidden: ({ user }) => !isStaff(user),
  },
  access: {
    read: readOptions,
    create: staffOnly,
    update: staffOnly,
    delete: staffOnly,
  },
  hooks: {
    beforeDelete: [
      refuseDeleteWhenReferenced(
        [
          { collection: 'orders', field: 'items.option', what: 'order(s)' },
          { collection: 'controllers', field: 'factoryOptions', what: 'controller(s) as a factory option' },
          { collection: 'controllers', field: 'entitlements.option', what: 'controller(s) as a bought option' },
        ],
        'Take it off sale instead.',
      ),
    ],
  },
  fields: [
    {
      name: 'code',
      type: 'text',
      required: true,
      unique: true,
      index: true,
      label: { en: 'Code', ru: 'Код' },
      admin: { description: 'Upper-case letters, digits and _ (e.g. THC, AXIS4). Appears in license files: never rename a sold option.' },
      validate: (value: unknown) =>
        typeof value === 'string' && OPTION_CODE.test(value) ? true : 'Code: use 2–32 upper-case letters, digits or _ (e.g. RIGID_TAP).',
    },
    { name: 'name', type: 'text', required: true, localized: true, maxLength: 120, label: { en: 'Name', ru: 'Название' } },
    { name: 'description', type: 'richText', localized: true, label: { en: 'Description', ru: 'Описание' } },
    {
      type: 'row',
      fields: [
        {
          name: 'price',
          type: 'number',
          required: true,
          min: 0,
          label: { en: 'Price (minor units)', ru: 'Цена (в копейках/центах)' },
          admin: { description: 'Integer minor units: 12900 = 129.00' },
          validate: (value: unknown) => (Number.isInteger(value) && (value as number) >= 0 ? true : 'Price: a whole number of minor units (cents), 0 or more.'),
        },
        {
          name: 'currency',
          type: 'select',
          required: true,
          defaultValue: 'EUR',
          options: CURRENCIES.map((c) => ({ label: c, value: c })),
          label: { en: 'Currency', ru: 'Валюта' },
        },
      ],
    },
    {
      name: 'modelIds',
      type: 'number',
      hasMany: true,
      required: true,
      min: 0,
      max: 65535,
      label: { en: 'Fits controller models (model ids)', ru: 'Подходит для моделей (id)' },
    },
    { name: 'onSale', type: 'checkbox', defaultValue: true, index: true, label: { en: 'On sale', ru: 'В продаже' } },
  ],
}
