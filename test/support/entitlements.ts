/**
 * Orders written straight into the database for the licensing tests, below every hook and access
 * rule (`payload.db`): the evidence behind options a test puts onto a controller's rows directly, and
 * the forged "paid" orders of the provenance tests. Issuance licenses an option only when a paid order
 * with payment evidence (or a running term) backs it (src/domain/option-provenance.ts).
 */
import crypto from 'node:crypto'
import type { Order } from '@payload-types'
import type { Payload } from 'payload'

import { createUser } from './users'

type Id = string | number

export interface WrittenOrder {
  controller: Id
  /** The buyer; the controller's owner in the usual case. */
  customer: Id
  options: { id: Id; code: string }[]
  status?: Order['status']
  /** Staff's mark-paid as the order actions record it: paidBy + paymentReference. Default: a manager. */
  paidBy?: Id | null
  paymentReference?: string | null
  entitlementsSynced?: boolean
}

/** Writes an order as given (no hooks): by default `paid`, marked paid by a new manager with a reference. */
export async function writeOrder(payload: Payload, o: WrittenOrder): Promise<Order> {
  const now = new Date().toISOString()
  const paidBy = o.paidBy === undefined ? (await createUser(payload, 'manager')).id : o.paidBy
  return payload.db.create({
    collection: 'orders',
    data: {
      number: `PMX-TEST-${crypto.randomBytes(5).toString('hex').toUpperCase()}`,
      customer: o.customer,
      controller: o.controller,
      // Array rows need their ids at the adapter level (the operation layer would add them).
      items: o.options.map((x) => ({ id: crypto.randomBytes(12).toString('hex'), option: x.id, code: x.code, name: x.code, unitPrice: 100, currency: 'EUR' })),
      total: 100 * o.options.length,
      currency: 'EUR',
      status: o.status ?? 'paid',
      paidAt: (o.status ?? 'paid') === 'paid' ? now : null,
      paidBy,
      paymentReference: o.paymentReference === undefined ? 'BANK-TEST' : o.paymentReference,
      entitlementsSynced: o.entitlementsSynced ?? true,
      createdAt: now,
      updatedAt: now,
    },
  }) as Promise<Order>
}

/** The evidence for options a test wrote onto the owner's controller as available: a paid order marked paid by staff. */
export const paidFor = (payload: Payload, controller: { id: Id; owner?: unknown }, options: { id: Id; code?: unknown }[]) =>
  writeOrder(payload, { controller: controller.id, customer: ownerId(controller), options: options.map((o) => ({ id: o.id, code: String(o.code) })) })

function ownerId(c: { owner?: unknown }): Id {
  const o = c.owner
  if (o && typeof o === 'object' && 'id' in o) return (o as { id: Id }).id
  if (typeof o === 'string' || typeof o === 'number') return o
  throw new Error('paidFor: the controller has no owner')
}
