import type { CollectionConfig } from 'payload'

import { closedCollection, neverField } from '@/access/closed-collection'
import { adminsOnly, isStaff, nobody, staffFieldOnly, staffOnly, staffOrOwner } from '@/access/roles'
import { applyOrderStatus } from '@hooks/applyOrderStatus'
import { checkOrderStatusChange } from '@hooks/checkOrderStatusChange'
import { placeOrderEndpoint } from './endpoints/place-order'
import { billPdfEndpoint } from './endpoints/bill-pdf'
import { refundPreviewEndpoint } from './endpoints/refund-preview'
import { ordersExport } from '@/domain/export-columns'
import { refuseDeleteWhenReferenced } from '@hooks/refuseDeleteWhenReferenced'

const sellerFields = ['name', 'address', 'vatId', 'bankName', 'iban', 'bic', 'accountHolder'].map((name) => ({ name, type: 'text' as const }))

/** What the order actions write (src/admin/OrderActions.tsx): the status with its payment reference or reason. */
const staffWrites = { create: neverField, update: staffFieldOnly }

/**
 * Orders and their bills. Customers place them only through POST /api/orders (src/domain/place-order.ts,
 * which writes with overrideAccess) and read their own; only staff (the order actions) or the payment
 * webhook change the status; what was billed never changes. No REST create, duplicate or field write
 * reaches anything else: Payload's own create operation is closed to everybody.
 */
export const Orders: CollectionConfig = closedCollection({
  slug: 'orders',
  labels: { singular: { en: 'Order', ru: 'Заказ' }, plural: { en: 'Orders', ru: 'Заказы' } },
  admin: {
    useAsTitle: 'number',
    defaultColumns: ['number', 'customer', 'controller', 'total', 'currency', 'status', 'createdAt'],
    group: { en: 'Sales', ru: 'Продажи' },
    listSearchableFields: ['number', 'paymentReference', 'bill.buyer.email'],
    hidden: ({ user }) => !isStaff(user),
    components: { beforeList: ['/src/admin/ExportCsvLink#ExportCsvLink'] },
  },
  access: {
    read: staffOrOwner('customer'),
    // Placing an order is the endpoint below, which replaces only Payload's create *route*.
    create: nobody,
    update: staffOnly,
    delete: adminsOnly,
    readVersions: staffOnly,
  },
  duplicate: 'closed',
  fieldWrites: { create: neverField, update: neverField },
  versions: { maxPerDoc: 50 },
  endpoints: [placeOrderEndpoint, billPdfEndpoint, refundPreviewEndpoint, ordersExport],
  hooks: {
    beforeDelete: [
      refuseDeleteWhenReferenced(
        [
          { collection: 'payments', field: 'order', what: 'payment(s)' },
          { collection: 'controllers', field: 'entitlements.order', what: 'controller option(s)' },
        ],
        'Cancel or refund the order instead.',
      ),
    ],
    beforeChange: [checkOrderStatusChange],
    afterChange: [applyOrderStatus],
  },
  fields: [
    { name: 'number', type: 'text', required: true, unique: true, index: true, admin: { readOnly: true } },
    {
      type: 'row',
      fields: [
        { name: 'customer', type: 'relationship', relationTo: 'users', required: true, index: true, admin: { readOnly: true } },
        { name: 'controller', type: 'relationship', relationTo: 'controllers', required: true, index: true, admin: { readOnly: true } },
      ],
    },
    {
      name: 'items',
      type: 'array',
      required: true,
      minRows: 1,
      admin: { readOnly: true },
      fields: [
        {
          type: 'row',
          fields: [
            { name: 'option', type: 'relationship', relationTo: 'options', required: true },
            { name: 'code', type: 'text', required: true },
            { name: 'name', type: 'text' },
            { name: 'unitPrice', type: 'number', required: true },
            { name: 'currency', type: 'text', required: true },
            {
              name: 'months',
              type: 'number',
              label: { en: 'Rental months', ru: 'Аренда, месяцев' },
              admin: { description: 'Empty: bought outright. Otherwise rented (or, for an update plan, covered) for this many months from the payment or the current end date.' },
            },
          ],
        },
      ],
    },
    {
      type: 'row',
      fields: [
        { name: 'total', type: 'number', required: true, admin: { readOnly: true, description: 'Minor units' } },
        { name: 'currency', type: 'text', required: true, admin: { readOnly: true } },
      ],
    },
    {
      name: 'status',
      type: 'select',
      required: true,
      index: true,
      defaultValue: 'awaiting_payment',
      options: [
        { label: { en: 'Awaiting payment', ru: 'Ожидает оплаты' }, value: 'awaiting_payment' },
        { label: { en: 'Paid', ru: 'Оплачен' }, value: 'paid' },
        { label: { en: 'Cancelled', ru: 'Отменён' }, value: 'cancelled' },
        { label: { en: 'Refunded', ru: 'Возврат' }, value: 'refunded' },
      ],
      access: staffWrites,
      admin: { position: 'sidebar', description: 'Use the buttons below: paid needs the payment reference; cancel and refund need a reason.' },
    },
    {
      name: 'orderActions',
      type: 'ui',
      admin: { position: 'sidebar', components: { Field: '/src/admin/OrderActions#OrderActions' } },
    },
    { name: 'paymentReference', type: 'text', index: true, access: staffWrites, admin: { position: 'sidebar' } },
    { name: 'statusReason', type: 'textarea', access: staffWrites, admin: { position: 'sidebar', description: 'Why the order was cancelled or refunded.' } },
    { name: 'paidAt', type: 'date', index: true, admin: { position: 'sidebar', readOnly: true } },
    { name: 'paidBy', type: 'relationship', relationTo: 'users', admin: { position: 'sidebar', readOnly: true } },
    { name: 'cancelledAt', type: 'date', admin: { position: 'sidebar', readOnly: true } },
    { name: 'refundedAt', type: 'date', admin: { position: 'sidebar', readOnly: true } },
    { name: 'placedBy', type: 'relationship', relationTo: 'users', admin: { position: 'sidebar', readOnly: true } },
    { name: 'entitlementsSynced', type: 'checkbox', defaultValue: true, index: true, admin: { hidden: true } },
    {
      name: 'bill',
      type: 'group',
      admin: { readOnly: true },
      fields: [
        { name: 'seller', type: 'group', fields: sellerFields },
        {
          name: 'buyer',
          type: 'group',
          fields: [
            { name: 'name', type: 'text' },
            { name: 'email', type: 'text' },
            { name: 'phone', type: 'text' },
          ],
        },
        { name: 'issuedAt', type: 'date' },
        { name: 'dueAt', type: 'date' },
        { name: 'paymentReference', type: 'text' },
      ],
    },
  ],
  timestamps: true,
})
