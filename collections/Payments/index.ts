import type { CollectionConfig, Endpoint } from 'payload'

import { closedCollection, neverField } from '@/access/closed-collection'
import { isStaff, nobody, staffOnly } from '@/access/roles'
import { handlePaymentWebhook } from '@/domain/payment-webhook'

const webhookEndpoint: Endpoint = {
  path: '/webhook',
  method: 'post',
  handler: async (req) => {
    const raw = (await req.text?.()) ?? ''
    const result = await handlePaymentWebhook(req.payload, raw, req.headers.get('x-pumotix-signature'))
    return Response.json(result.body, { status: result.status })
  },
}

/** Payments received through the webhook: one per provider payment id (the idempotency key). */
export const Payments: CollectionConfig = closedCollection({
  slug: 'payments',
  labels: { singular: { en: 'Payment', ru: 'Платёж' }, plural: { en: 'Payments', ru: 'Платежи' } },
  admin: {
    useAsTitle: 'paymentId',
    defaultColumns: ['paymentId', 'order', 'amount', 'currency', 'receivedAt'],
    group: { en: 'Sales', ru: 'Продажи' },
    hidden: ({ user }) => !isStaff(user),
  },
  // Written only by the payment webhook (src/domain/payment-webhook.ts, overrideAccess).
  access: { read: staffOnly, create: nobody, update: nobody, delete: nobody, readVersions: nobody },
  duplicate: 'closed',
  fieldWrites: { create: neverField, update: neverField },
  endpoints: [webhookEndpoint],
  fields: [
    { name: 'paymentId', type: 'text', required: true, unique: true, index: true },
    { name: 'order', type: 'relationship', relationTo: 'orders', required: true, index: true },
    { name: 'amount', type: 'number', required: true },
    { name: 'currency', type: 'text', required: true },
    { name: 'receivedAt', type: 'date', required: true },
  ],
  timestamps: true,
})
