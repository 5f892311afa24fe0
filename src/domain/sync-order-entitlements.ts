/**
 * Makes a controller's options agree with an order's status — idempotent, so running it twice (two
 * "paid" deliveries, or the start-up repair after a crash) changes nothing the second time:
 * awaiting payment → the options are listed as awaiting payment; paid → available (switched on
 * later by Apply); cancelled or refunded → removed (an active one drops out of the next license).
 */
import type { Order } from '@payload-types'
import type { Payload, PayloadRequest } from 'payload'

import { sameId } from '@/access/roles'
import { type Entitlement, entitlementForSave, refId } from './documents'
import { withLock } from './keyed-mutex'

/** What this needs of an order: its id, status, controller and items (a stored order, or one being written). */
export type OrderForSync = Pick<Order, 'id' | 'status' | 'controller' | 'items'>

export async function syncOrderEntitlements(payload: Payload, order: OrderForSync, req?: PayloadRequest): Promise<{ changed: boolean }> {
  const controllerId = refId(order.controller)
  if (controllerId == null) return { changed: false }
  return withLock(`controller:${controllerId}`, async () => {
    const controller = await payload.findByID({ collection: 'controllers', id: controllerId, depth: 0, overrideAccess: true, req })
    const rows: Entitlement[] = controller.entitlements ?? []
    const ofOrder = (r: Entitlement) => sameId(refId(r.order), order.id)
    const now = new Date().toISOString()
    let next: Entitlement[]
    if (order.status === 'cancelled' || order.status === 'refunded') {
      next = rows.filter((r) => !ofOrder(r))
    } else {
      next = rows.map((r) => (ofOrder(r) && order.status === 'paid' && r.state === 'awaiting_payment' ? { ...r, state: 'available', grantedAt: now } : r))
      for (const item of order.items ?? []) {
        const optionId = refId(item.option)
        const present = next.some((r) => ofOrder(r) && sameId(refId(r.option), optionId))
        if (!present) {
          next.push(
            order.status === 'paid'
              ? { option: optionId!, state: 'available', order: order.id, grantedAt: now, activatedAt: null }
              : { option: optionId!, state: 'awaiting_payment', order: order.id, grantedAt: null, activatedAt: null },
          )
        }
      }
    }
    const changed = JSON.stringify(next.map(entitlementForSave)) !== JSON.stringify(rows.map(entitlementForSave))
    if (changed) {
      await payload.update({ collection: 'controllers', id: controllerId, overrideAccess: true, depth: 0, req, data: { entitlements: next.map(entitlementForSave) } })
    }
    await payload.update({
      collection: 'orders',
      id: order.id,
      overrideAccess: true,
      depth: 0,
      data: { entitlementsSynced: true },
      req,
      context: { skipOrderStatusHooks: true },
    })
    return { changed }
  })
}

/** Start-up repair: orders whose status change was written but not yet applied (a crash in between). */
export async function repairUnsyncedOrders(payload: Payload): Promise<number> {
  let repaired = 0
  for (;;) {
    const batch = await payload.find({ collection: 'orders', where: { entitlementsSynced: { equals: false } }, limit: 100, depth: 0, overrideAccess: true })
    if (batch.docs.length === 0) return repaired
    for (const order of batch.docs) {
      await syncOrderEntitlements(payload, order)
      repaired += 1
    }
  }
}
