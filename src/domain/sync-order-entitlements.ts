/**
 * Makes a controller's options agree with an order's status — idempotent, so running it twice (two
 * "paid" deliveries, or the start-up repair after a crash) changes nothing the second time:
 * - awaiting payment: the options bought or rented for the first time are listed as awaiting payment;
 * - paid: a bought option becomes available (switched on later by Apply); a rental adds its period,
 *   counted from the payment or from the option's current end when that is later (renewals add up);
 *   an update plan extends the controller's "firmware updates until" the same way. Each paid order
 *   counts once: its period is an option term with the order in its key;
 * - cancelled or refunded: what the order gave is taken back (an option still on drops out of the next
 *   license); an option with other terms keeps their end.
 */
import type { Controller, Order } from '@payload-types'
import type { Payload, PayloadRequest, Where } from 'payload'

import { sameId } from '@/access/roles'
import { recordAudit } from './audit'
import { now as clock } from './clock'
import { addMonths } from './dates'
import { createTerm, endOfTerms, periodStart, termsOf } from './dated-options'
import { entitlementForSave, refId, type Entitlement, type Id } from './documents'
import { withLock } from './keyed-mutex'

/** What this needs of an order: its id, status, payment time, controller and items (a stored order, or one being written). */
export type OrderForSync = Pick<Order, 'id' | 'status' | 'controller' | 'items'> & Partial<Pick<Order, 'paidAt'>>

const termKey = (orderId: Id, optionId: Id) => `order:${orderId}:${optionId}`

async function kindsOf(payload: Payload, order: OrderForSync, req?: PayloadRequest) {
  const ids = (order.items ?? []).map((i) => refId(i.option)).filter((id): id is Id => id != null)
  if (!ids.length) return new Map<string, 'feature' | 'updates'>()
  const found = await payload.find({ collection: 'options', where: { id: { in: ids } }, select: { kind: true }, limit: 0, pagination: false, depth: 0, overrideAccess: true, req })
  return new Map(found.docs.map((o) => [String(o.id), o.kind === 'updates' ? ('updates' as const) : ('feature' as const)]))
}

export async function syncOrderEntitlements(payload: Payload, order: OrderForSync, req?: PayloadRequest): Promise<{ changed: boolean }> {
  const controllerId = refId(order.controller)
  if (controllerId == null) return { changed: false }
  return withLock(`controller:${controllerId}`, async () => {
    const controller = await payload.findByID({ collection: 'controllers', id: controllerId, depth: 0, overrideAccess: true, req })
    const rows: Entitlement[] = controller.entitlements ?? []
    const kinds = await kindsOf(payload, order, req)
    const now = clock()
    const paidAt = order.paidAt ? new Date(order.paidAt) : now
    let next: Entitlement[] = rows.map((r) => ({ ...r }))
    let maintenanceUntil = controller.maintenanceUntil ?? null
    const items = (order.items ?? []).map((item) => ({ item, optionId: refId(item.option)!, updates: kinds.get(String(refId(item.option))) === 'updates' }))

    if (order.status === 'cancelled' || order.status === 'refunded') {
      // Its periods are no longer paid for.
      await payload.delete({ collection: 'option-terms', where: { order: { equals: order.id } }, overrideAccess: true, req })
      for (const { item, optionId, updates } of items) {
        if (updates) {
          maintenanceUntil = endOfTerms(await updatesTerms(payload, controllerId, req))
          continue
        }
        const row = next.find((r) => sameId(refId(r.option), optionId))
        if (!row) continue
        const remaining = endOfTerms(await termsOf(payload, controllerId, optionId, req))
        const ownRow = sameId(refId(row.order), order.id)
        if (item.months) {
          if (remaining) Object.assign(row, { until: remaining, state: row.state === 'awaiting_payment' ? 'ended' : row.state })
          else if (ownRow || row.source === 'rental') next = next.filter((r) => r !== row)
        } else if (ownRow) {
          // A purchase taken back: back to the end of its earlier terms, or gone.
          if (remaining) Object.assign(row, { state: 'ended', until: remaining, source: 'rental', order: null })
          else next = next.filter((r) => r !== row)
        }
      }
    } else {
      for (const { item, optionId, updates } of items) {
        if (updates) {
          if (order.status !== 'paid' || !item.months) continue
          const from = periodStart(maintenanceUntil, paidAt)
          const until = addMonths(from, item.months).toISOString()
          if (await createTerm(payload, { key: termKey(order.id, optionId), controller: controllerId, option: optionId, code: item.code, kind: 'updates', order: order.id, from: from.toISOString(), until }, req)) {
            maintenanceUntil = until
          }
          continue
        }
        let row = next.find((r) => sameId(refId(r.option), optionId))
        if (!row) {
          row = { option: optionId, state: 'awaiting_payment', order: order.id, source: item.months ? 'rental' : 'purchase', until: null, grantedAt: null, activatedAt: null }
          next.push(row)
        }
        if (order.status !== 'paid') continue
        const ownRow = sameId(refId(row.order), order.id)
        if (item.months) {
          const terms = await termsOf(payload, controllerId, optionId, req)
          const from = periodStart(endOfTerms(terms), paidAt)
          const until = addMonths(from, item.months).toISOString()
          await createTerm(payload, { key: termKey(order.id, optionId), controller: controllerId, option: optionId, code: item.code, kind: 'rental', order: order.id, from: from.toISOString(), until }, req)
          const end = endOfTerms(await termsOf(payload, controllerId, optionId, req))
          if (row.source === 'purchase' && row.state !== 'awaiting_payment' && row.until == null) continue // owned outright meanwhile
          Object.assign(row, { until: end, source: 'rental', state: row.state === 'active' ? 'active' : 'available', grantedAt: row.grantedAt ?? paidAt.toISOString() })
        } else if ((ownRow && row.state === 'awaiting_payment') || row.until != null) {
          // Bought outright: permanent from now on, also when it was rented or tried until now.
          Object.assign(row, { state: row.state === 'active' ? 'active' : 'available', until: null, source: 'purchase', order: order.id, grantedAt: paidAt.toISOString() })
        }
      }
    }

    const rowsChanged = JSON.stringify(next.map(entitlementForSave)) !== JSON.stringify(rows.map(entitlementForSave))
    const maintenanceChanged = (maintenanceUntil ?? null) !== (controller.maintenanceUntil ?? null)
    if (rowsChanged || maintenanceChanged) {
      const data: Partial<Controller> = {}
      if (rowsChanged) data.entitlements = next.map(entitlementForSave)
      if (maintenanceChanged) data.maintenanceUntil = maintenanceUntil
      await payload.update({ collection: 'controllers', id: controllerId, overrideAccess: true, depth: 0, req, data })
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
    return { changed: rowsChanged || maintenanceChanged }
  })
}

async function updatesTerms(payload: Payload, controllerId: Id, req?: PayloadRequest) {
  const found = await payload.find({ collection: 'option-terms', where: { and: [{ controller: { equals: controllerId } }, { kind: { equals: 'updates' } }] }, limit: 0, pagination: false, depth: 0, overrideAccess: true, req })
  return found.docs
}

/**
 * Whether a paid order has payment evidence: a payment the webhook stored for it, or staff's mark-paid,
 * which records who (paidBy) and the payment reference (hooks/checkOrderStatusChange.ts). The same
 * rule as the issuance store's PAYMENT_EVIDENCE (src/db/issuance/sqlite.ts).
 */
export async function hasPaymentEvidence(payload: Payload, order: Pick<Order, 'id' | 'paidBy' | 'paymentReference'>, req?: PayloadRequest): Promise<boolean> {
  if (refId(order.paidBy) != null && String(order.paymentReference ?? '').trim() !== '') return true
  const payments = await payload.count({ collection: 'payments', where: { order: { equals: order.id } }, overrideAccess: true, req })
  return payments.totalDocs > 0
}

export interface RepairResult {
  /** Orders applied to their controller. */
  repaired: number
  /** Paid orders left unapplied: no payment evidence (each audited once, `order.repair_withheld`). */
  withheld: (string | number)[]
}

/**
 * Start-up repair: orders whose status change was written but not yet applied (a crash in between).
 * A `paid` one is applied only with payment evidence; one without is left as it is (still unsynced,
 * so it is looked at again on the next start), logged and audited — a "paid" written around the
 * order actions must not turn into options.
 */
export async function repairUnsyncedOrders(payload: Payload): Promise<RepairResult> {
  const result: RepairResult = { repaired: 0, withheld: [] }
  for (;;) {
    const where: Where = { entitlementsSynced: { equals: false } }
    const batch = await payload.find({
      collection: 'orders',
      where: result.withheld.length ? { and: [where, { id: { not_in: result.withheld } }] } : where,
      limit: 100,
      depth: 0,
      overrideAccess: true,
    })
    if (batch.docs.length === 0) return result
    for (const order of batch.docs) {
      if (order.status === 'paid' && !(await hasPaymentEvidence(payload, order))) {
        result.withheld.push(order.id)
        payload.logger.warn(`order ${order.number} is marked paid but has no payment evidence (no payment received, no staff mark-paid with a reference): its options were not applied`)
        // Logged on every start; audited once, so restarts do not fill the audit log with the same event.
        const audited = await payload.count({
          collection: 'audit-events',
          overrideAccess: true,
          where: { and: [{ action: { equals: 'order.repair_withheld' } }, { subjectCollection: { equals: 'orders' } }, { subjectId: { equals: String(order.id) } }] },
        })
        if (audited.totalDocs === 0) await recordAudit(payload, {
          action: 'order.repair_withheld',
          subject: { collection: 'orders', id: order.id },
          summary: `Order ${order.number} not applied on start: marked paid without payment evidence`,
          after: { status: order.status, paymentReference: order.paymentReference ?? null, paidBy: refId(order.paidBy) ?? null },
          actorLabel: 'start-up repair',
        })
        continue
      }
      await syncOrderEntitlements(payload, order)
      result.repaired += 1
    }
  }
}
