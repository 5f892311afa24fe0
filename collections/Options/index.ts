import type { CollectionConfig } from 'payload'

import { closedCollection } from '@/access/closed-collection'
import { isStaff, nobody, staffFieldOnly, staffOnly } from '@/access/roles'
import { readOptions } from './access'
import { refuseDeleteWhenReferenced } from '@hooks/refuseDeleteWhenReferenced'

export const OPTION_CODE = /^[A-Z0-9][A-Z0-9_]{1,31}$/
export const CURRENCIES = ['EUR', 'USD', 'RUB'] as const

/** The catalogue of software options a controller can run. Anyone reads what is on sale. */
export const Options: CollectionConfig = closedCollection({
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
    readVersions: nobody,
  },
  // Only staff create options; a copy is a new catalogue entry that needs its own unique code.
  duplicate: 'allowed',
  fieldWrites: { create: staffFieldOnly, update: staffFieldOnly },
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
    {
      name: 'kind',
      type: 'select',
      defaultValue: 'feature',
      options: [
        { label: { en: 'Software option (in the license)', ru: 'Программная опция (в лицензии)' }, value: 'feature' },
        { label: { en: 'Firmware update plan (extends "updates until")', ru: 'План обновлений (продлевает «обновления до»)' }, value: 'updates' },
      ],
      label: { en: 'Kind', ru: 'Вид' },
    },
    {
      type: 'row',
      fields: [
        {
          name: 'sellOutright',
          type: 'checkbox',
          defaultValue: true,
          label: { en: 'Can be bought outright (the price above)', ru: 'Продаётся навсегда (по цене выше)' },
        },
        {
          name: 'trialDays',
          type: 'number',
          min: 0,
          max: 365,
          label: { en: 'Free trial (days, once per controller)', ru: 'Бесплатная проба (дней, один раз на контроллер)' },
          admin: { description: 'Empty or 0: no trial. Software options only.' },
        },
      ],
    },
    {
      name: 'rentalPeriods',
      type: 'array',
      label: { en: 'Rental periods', ru: 'Сроки аренды' },
      admin: { description: 'Each period with its price (minor units); for an update plan, the periods of cover it sells.' },
      fields: [
        {
          type: 'row',
          fields: [
            {
              name: 'months',
              type: 'number',
              required: true,
              min: 1,
              max: 60,
              label: { en: 'Months', ru: 'Месяцев' },
              validate: (value: unknown) => (Number.isInteger(value) && (value as number) >= 1 && (value as number) <= 60 ? true : 'Months: a whole number from 1 to 60.'),
            },
            {
              name: 'price',
              type: 'number',
              required: true,
              min: 0,
              label: { en: 'Price (minor units)', ru: 'Цена (в копейках/центах)' },
              validate: (value: unknown) => (Number.isInteger(value) && (value as number) >= 0 ? true : 'Price: a whole number of minor units (cents), 0 or more.'),
            },
          ],
        },
      ],
    },
  ],
})
