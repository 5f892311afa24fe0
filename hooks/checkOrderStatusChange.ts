import type { Order } from '@payload-types'
import type { CollectionBeforeChangeHook } from 'payload'

import { now as clock } from '@/domain/clock'
import { badRequest } from '@/domain/errors'

const allowed: Record<Order['status'], Order['status'][]> = {
  awaiting_payment: ['paid', 'cancelled'],
  paid: ['refunded'],
  cancelled: [],
  refunded: [],
}

const IMMUTABLE = ['number', 'customer', 'controller', 'items', 'total', 'currency', 'bill', 'placedBy'] as const

/**
 * On an order update: what was billed never changes; the status moves only along
 * awaiting payment → paid → refunded or awaiting payment → cancelled; "paid" asks for the payment
 * reference and records who (the logged-in user: with the reference, the evidence issuance asks for)
 * and when; cancel and refund ask for a reason. A second "paid" is a no-op.
 */
export const checkOrderStatusChange: CollectionBeforeChangeHook<Order> = ({ data, originalDoc, operation, req, context }) => {
  // An order's versions are its history to read: restoring one would bring back old field values past these checks.
  if (context?.isRestoringVersion) throw badRequest('An order is not restored from its history: use Mark as paid, Cancel or Refund.')
  if (operation !== 'update' || !originalDoc || context?.skipOrderStatusHooks) return data
  for (const field of IMMUTABLE) if (field in data) Object.assign(data, { [field]: originalDoc[field] })
  const from = originalDoc.status
  const to = data.status ?? from
  if (to === from) return data
  if (!allowed[from].includes(to)) {
    throw badRequest(`Status: an order that is ${from.replace('_', ' ')} cannot become ${to.replace('_', ' ')}.`, { field: 'status' })
  }
  if (to === 'paid') {
    const reference = String(data.paymentReference ?? originalDoc.paymentReference ?? '').trim()
    if (!reference) throw badRequest('Payment reference: enter the bank transfer reference or payment id to mark the bill paid.', { field: 'paymentReference' })
    data.paymentReference = reference
    data.paidAt = clock().toISOString()
    // Payment evidence (src/domain/option-provenance.ts): the person who marked it paid, never a name
    // given in the request; only a write with no user (the demo seed) may say who.
    data.paidBy = req.user?.id ?? data.paidBy ?? null
  } else {
    const reason = String(data.statusReason ?? '').trim()
    if (!reason) throw badRequest(`Reason: say why the order is ${to}.`, { field: 'statusReason' })
    data[to === 'cancelled' ? 'cancelledAt' : 'refundedAt'] = clock().toISOString()
  }
  data.entitlementsSynced = false
  return data
}
