import type { Order } from '@payload-types'
import type { CollectionAfterChangeHook } from 'payload'

import { queueEmail } from '@/mail/queue-email'
import { recordAudit } from '@/domain/audit'
import { refId } from '@/domain/documents'
import { syncOrderEntitlements } from '@/domain/sync-order-entitlements'
import { langOf } from '@/i18n/languages'

/** After a status change: paid makes the options available, cancel/refund removes them; tell the customer. */
export const applyOrderStatus: CollectionAfterChangeHook<Order> = async ({ doc, previousDoc, operation, req, context }) => {
  if (operation !== 'update' || context?.skipOrderStatusHooks || previousDoc?.status === doc.status) return doc
  await syncOrderEntitlements(req.payload, doc, req)
  const actions = { paid: 'order.paid', cancelled: 'order.cancelled', refunded: 'order.refunded' } as const
  const action = doc.status === 'awaiting_payment' ? undefined : actions[doc.status]
  if (action) {
    const detail = doc.status === 'paid' ? `reference ${doc.paymentReference}` : `reason: ${doc.statusReason}`
    await recordAudit(
      req.payload,
      {
        action,
        subject: { collection: 'orders', id: doc.id },
        summary: `Order ${doc.number} ${doc.status} (${detail})`,
        before: { status: previousDoc?.status },
        after: { status: doc.status, paymentReference: doc.paymentReference ?? null, statusReason: doc.statusReason ?? null },
        actorLabel: typeof context?.auditActorLabel === 'string' ? context.auditActorLabel : undefined,
      },
      req,
    )
  }
  if (doc.status === 'paid') {
    const customerId = refId(doc.customer)
    const customer = customerId == null ? null : await req.payload.findByID({ collection: 'users', id: customerId, overrideAccess: true, depth: 0, req })
    if (customer?.email) {
      await queueEmail(req.payload, {
        template: 'payment-received',
        to: customer.email,
        lang: langOf(customer.language),
        context: {
          name: customer.name ?? '',
          number: doc.number,
          controllerId: String(refId(doc.controller)),
          options: (doc.items ?? []).map((i) => ({ code: i.code, name: i.name ?? i.code })),
        },
      }, { req })
    }
  }
  return doc
}
