import type { CollectionConfig } from 'payload'

import { closedCollection, neverField, withFieldWrites } from '@/access/closed-collection'
import { adminFieldOnly, isStaff, nobody, staffFieldOnly, staffOnly } from '@/access/roles'
import { normalizeHardwareId, validateHardwareId } from '@hooks/normalizeHardwareId'
import { readControllers, ownerOrStaffField } from './access'
import { applyEndpoint, licenseStatusEndpoint } from './endpoints/apply'
import { claimEndpoint } from './endpoints/claim'
import { importEndpoint } from './endpoints/import'
import { releaseEndpoint } from './endpoints/release'
import { optionTermsEndpoint } from './endpoints/option-terms'
import { transferEndpoint } from './endpoints/transfer'
import { trialsEndpoint } from './endpoints/trials'
import { controllersExport } from '@/domain/export-columns'
import { setControllerOwnerEmail } from '@hooks/setControllerOwnerEmail'
import { refuseDeleteWhenReferenced } from '@hooks/refuseDeleteWhenReferenced'

/** Written only by the licensing domain (claim, order, payment, apply, trials, staff terms), with overrideAccess. */
const domainOnly = { create: neverField, update: neverField }

/**
 * One document per physical controller, registered by the factory. Customers claim one with a
 * request code and change it only through the claim and apply endpoints; staff edit its identity and
 * notes in the admin. What it may run (the options bought, their states and dates, its owner, the
 * license counters) changes only through audited domain actions: Transfer/Release, the order actions,
 * and Grant/Extend/End (POST /api/controllers/:id/option-terms).
 */
export const Controllers: CollectionConfig = closedCollection({
  slug: 'controllers',
  labels: { singular: { en: 'Controller', ru: 'Контроллер' }, plural: { en: 'Controllers', ru: 'Контроллеры' } },
  admin: {
    useAsTitle: 'serial',
    defaultColumns: ['serial', 'model', 'ownerEmail', 'licenseSequence', 'claimedAt', 'lastRequestAt'],
    group: { en: 'Licensing', ru: 'Лицензирование' },
    listSearchableFields: ['serial', 'hardwareId', 'ownerEmail'],
    hidden: ({ user }) => !isStaff(user),
    components: { beforeList: ['/src/admin/ImportControllers#ImportControllers', '/src/admin/ExportCsvLink#ExportCsvLink'] },
  },
  access: {
    read: readControllers,
    create: staffOnly,
    update: staffOnly,
    delete: staffOnly,
    readVersions: nobody,
  },
  duplicate: 'closed',
  fieldWrites: { create: staffFieldOnly, update: staffFieldOnly },
  endpoints: [claimEndpoint, applyEndpoint, licenseStatusEndpoint, trialsEndpoint, optionTermsEndpoint, importEndpoint, controllersExport, transferEndpoint, releaseEndpoint],
  hooks: {
    beforeDelete: [
      refuseDeleteWhenReferenced(
        [
          { collection: 'licenses', field: 'controller', what: 'issued license(s)' },
          { collection: 'orders', field: 'controller', what: 'order(s)' },
        ],
        'Release the controller instead; its history stays.',
      ),
    ],
  },
  fields: [
    {
      type: 'row',
      fields: [
        {
          name: 'serial',
          type: 'text',
          required: true,
          unique: true,
          index: true,
          label: { en: 'Serial number', ru: 'Серийный номер' },
          validate: (v: unknown) =>
            typeof v === 'string' && /^(0|[1-9]\d{0,9})$/.test(v) && Number(v) <= 0xffffffff ? true : 'Serial: a whole number from 0 to 4294967295.',
        },
        {
          name: 'modelId',
          type: 'number',
          required: true,
          index: true,
          label: { en: 'Model id', ru: 'Id модели' },
          validate: (v: unknown) => (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= 65535 ? true : 'Model id: a whole number from 0 to 65535.'),
        },
        { name: 'model', type: 'text', required: true, maxLength: 80, label: { en: 'Model', ru: 'Модель' } },
      ],
    },
    {
      name: 'hardwareId',
      type: 'text',
      required: true,
      unique: true,
      index: true,
      label: { en: 'Hardware id', ru: 'Аппаратный id' },
      validate: validateHardwareId,
      hooks: { beforeValidate: [normalizeHardwareId] },
      access: { read: ownerOrStaffField },
    },
    {
      name: 'owner',
      type: 'relationship',
      relationTo: 'users',
      index: true,
      label: { en: 'Owner', ru: 'Владелец' },
      access: domainOnly,
      admin: { position: 'sidebar', readOnly: true, description: 'Empty until a customer claims the controller. Use Transfer or Release below to change it.' },
    },
    {
      name: 'ownerEmail',
      type: 'text',
      index: true,
      label: { en: "Owner's e-mail", ru: 'E-mail владельца' },
      access: { read: staffFieldOnly, ...domainOnly },
      hooks: { beforeChange: [setControllerOwnerEmail] },
      admin: { position: 'sidebar', readOnly: true, description: 'Copied from the owner for search.' },
    },
    {
      name: 'controllerActions',
      type: 'ui',
      admin: { position: 'sidebar', components: { Field: '/src/admin/ControllerActions#ControllerActions' } },
    },
    { name: 'claimedAt', type: 'date', index: true, access: domainOnly, admin: { position: 'sidebar', readOnly: true }, label: { en: 'Claimed at', ru: 'Добавлен' } },
    {
      name: 'factoryOptions',
      type: 'relationship',
      relationTo: 'options',
      hasMany: true,
      label: { en: 'Factory options', ru: 'Заводские опции' },
      // Set when the controller is registered; changing them later gives options without an order, so only admins may.
      access: { create: staffFieldOnly, update: adminFieldOnly },
      admin: { description: 'Included with the hardware: always in every license.' },
    },
    {
      name: 'entitlements',
      type: 'array',
      label: { en: 'Options bought', ru: 'Купленные опции' },
      // Never a form field: states, orders and dates change only through the order actions and Grant/Extend/End.
      access: domainOnly,
      admin: {
        initCollapsed: true,
        readOnly: true,
        description: 'Changed by the order actions (paid, cancelled, refunded) and by Grant, Extend and End below, each recorded in the audit log with its reason.',
      },
      fields: withFieldWrites([
        {
          type: 'row',
          fields: [
            { name: 'option', type: 'relationship', relationTo: 'options', required: true },
            {
              name: 'state',
              type: 'select',
              required: true,
              options: [
                { label: { en: 'Awaiting payment', ru: 'Ожидает оплаты' }, value: 'awaiting_payment' },
                { label: { en: 'Available', ru: 'Доступна' }, value: 'available' },
                { label: { en: 'Active', ru: 'Активна' }, value: 'active' },
                { label: { en: 'Ended', ru: 'Закончилась' }, value: 'ended' },
              ],
            },
            { name: 'order', type: 'relationship', relationTo: 'orders' },
          ],
        },
        {
          type: 'row',
          fields: [
            {
              name: 'source',
              type: 'select',
              defaultValue: 'purchase',
              options: [
                { label: { en: 'Bought', ru: 'Куплена' }, value: 'purchase' },
                { label: { en: 'Rented', ru: 'Аренда' }, value: 'rental' },
                { label: { en: 'Free trial', ru: 'Проба' }, value: 'trial' },
                { label: { en: 'Granted by staff', ru: 'Выдана сотрудником' }, value: 'grant' },
              ],
            },
            { name: 'until', type: 'date', index: true, label: { en: 'Until', ru: 'До' }, admin: { description: 'Empty: permanent.', date: { pickerAppearance: 'dayAndTime' } } },
            { name: 'licensedUntil', type: 'date', label: { en: 'Until, in the latest license', ru: 'До, в последней лицензии' }, admin: { readOnly: true } },
          ],
        },
        {
          type: 'row',
          fields: [
            { name: 'grantedAt', type: 'date' },
            { name: 'activatedAt', type: 'date' },
          ],
        },
        {
          type: 'row',
          admin: { condition: (_, row) => Boolean(row?.until) },
          fields: [
            { name: 'reminded7', type: 'date', label: { en: '7-day reminder sent for', ru: 'Напоминание за 7 дней' }, admin: { readOnly: true } },
            { name: 'reminded1', type: 'date', label: { en: '1-day reminder sent for', ru: 'Напоминание за 1 день' }, admin: { readOnly: true } },
            { name: 'remindedEnded', type: 'date', label: { en: '"Ended" mail sent for', ru: 'Письмо об окончании' }, admin: { readOnly: true } },
          ],
        },
      ], domainOnly),
    },
    {
      type: 'row',
      fields: [
        {
          name: 'maintenanceUntil', access: domainOnly,
          type: 'date',
          label: { en: 'Firmware updates until', ru: 'Обновления прошивки до' },
          admin: { readOnly: true, description: 'Empty: no limit. Extended by update plans; staff change it with Firmware updates below.', date: { pickerAppearance: 'dayAndTime' } },
        },
        { name: 'licensedMaintenanceUntil', access: domainOnly, type: 'date', label: { en: '… in the latest license', ru: '… в последней лицензии' }, admin: { readOnly: true } },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'installedSequence', access: domainOnly,
          type: 'number',
          defaultValue: 0,
          label: { en: 'Installed license (reported)', ru: 'Установленная лицензия' },
          admin: { readOnly: true, description: 'Sequence of the license on the controller, as last reported by a request code.' },
        },
        {
          name: 'licenseSequence', access: domainOnly,
          type: 'number',
          defaultValue: 0,
          label: { en: 'Latest license issued', ru: 'Последняя выданная лицензия' },
          admin: { readOnly: true },
        },
        { name: 'lastRequestAt', access: domainOnly, type: 'date', label: { en: 'Last request code', ru: 'Последний код запроса' }, admin: { readOnly: true } },
      ],
    },
    {
      type: 'row',
      fields: [
        {
          name: 'licenseFormat', access: domainOnly,
          type: 'number',
          defaultValue: 1,
          label: { en: 'License format it reads', ru: 'Формат лицензии' },
          admin: { readOnly: true, description: 'From the last request code: PMX1 codes → format 1, PMX2 → format 2.' },
        },
        {
          name: 'revocationListNumber', access: domainOnly,
          type: 'number',
          defaultValue: 0,
          label: { en: 'Revocation list it holds (reported)', ru: 'Список отзыва на контроллере' },
          admin: { readOnly: true, description: 'From the last PMX2 request code; 0 = none.' },
        },
        {
          name: 'enforcesOptionEndDates', access: domainOnly,
          type: 'checkbox',
          defaultValue: false,
          label: { en: 'Enforces option end dates', ru: 'Соблюдает сроки опций' },
          admin: { readOnly: true, description: 'From the last PMX2 request code: the controller has a clock it trusts.' },
        },
      ],
    },
    {
      name: 'licenseHistory',
      type: 'ui',
      admin: { components: { Field: '/src/admin/ControllerLicenses#ControllerLicenses' } },
    },
    {
      name: 'notes',
      type: 'textarea',
      label: { en: 'Staff notes', ru: 'Заметки сотрудников' },
      access: { read: staffFieldOnly, create: staffFieldOnly, update: staffFieldOnly },
    },
  ],
  timestamps: true,
})
