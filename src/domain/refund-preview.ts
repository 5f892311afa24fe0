/**
 * What a refund would leave behind on the controller: a refund takes the order's options back, but a
 * license already on the controller keeps running them until it gets a new one. Staff's refund dialog
 * shows the issued licenses that carry the order's options (the newest is the one that matters: the
 * controller is then "license needed", src/domain/option-provenance.ts).
 */
import type { License } from '@payload-types'
import type { Payload } from 'payload'

import { refId, type Id } from './documents'
import { notFound } from './errors'

export interface RefundPreview {
  order: { id: Id; number: string; status: string }
  controller: { id: Id; serial: string }
  /** The option codes the order bought or rented. */
  options: string[]
  /** Issued licenses of the controller that carry any of them, newest first (at most 50). */
  licenses: { id: Id; sequence: number; issuedAt: string; options: string[]; latest: boolean }[]
}

export async function refundPreview(payload: Payload, orderId: Id): Promise<RefundPreview> {
  const order = await payload.db.findOne<{ id: Id; number: string; status: string; controller: Id; items?: { code: string }[] | null }>({
    collection: 'orders',
    where: { id: { equals: orderId } },
    select: { number: true, status: true, controller: true, items: true },
  })
  if (!order) throw notFound('No such order.')
  const controllerId = refId(order.controller) as Id
  const controller = await payload.db.findOne<{ id: Id; serial: string }>({ collection: 'controllers', where: { id: { equals: controllerId } }, select: { serial: true } })
  const codes = [...new Set((order.items ?? []).map((i) => i.code))]
  const found = await payload.db.find<Pick<License, 'id' | 'sequence' | 'issuedAt' | 'options'>>({
    collection: 'licenses',
    where: { controller: { equals: controllerId } },
    sort: '-sequence',
    limit: 200, // the newest 200 of the controller's licenses: more than any dialog shows
    pagination: false,
    select: { sequence: true, issuedAt: true, options: true },
  })
  const newest = found.docs[0]?.sequence
  const licenses = found.docs
    .map((l) => ({ id: l.id, sequence: Number(l.sequence), issuedAt: l.issuedAt, options: (l.options ?? []).filter((c) => codes.includes(c)), latest: l.sequence === newest }))
    .filter((l) => l.options.length > 0)
    .slice(0, 50)
  return { order: { id: order.id, number: order.number, status: order.status }, controller: { id: controllerId, serial: controller?.serial ?? String(controllerId) }, options: codes, licenses }
}
