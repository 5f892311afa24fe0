/**
 * Staff moving a controller between accounts: Transfer gives it to another customer, Release makes it
 * unclaimed again (the next customer claims it with a request code). The old owner loses access (their
 * access follows `owner`); licenses, orders and the audit trail stay with the controller.
 */
import type { Controller } from '@payload-types'
import type { Payload, PayloadRequest } from 'payload'

import { hasRole, isStaff, sameId } from '@/access/roles'
import { recordAudit } from './audit'
import { populated, refId } from './documents'
import { badRequest, conflict, forbidden, notFound, unprocessable } from './errors'
import { withLock } from './keyed-mutex'

export function parseReason(value: unknown): string {
  const reason = typeof value === 'string' ? value.trim() : ''
  if (!reason) throw badRequest('Reason: say why (e.g. "sold to a new owner", "support ticket 1234").', { field: 'reason' })
  if (reason.length > 500) throw badRequest('Reason: at most 500 characters.', { field: 'reason' })
  return reason
}

function requireStaff(req: PayloadRequest) {
  if (!isStaff(req.user)) throw forbidden('Only managers and administrators move controllers between accounts.')
  return req.user!
}

async function loadController(payload: Payload, id: string | number): Promise<Controller> {
  const found = await payload.find({ collection: 'controllers', where: { id: { equals: id } }, limit: 1, depth: 1, overrideAccess: true })
  if (!found.docs[0]) throw notFound('No such controller.')
  return found.docs[0]
}

const ownerEmailOf = (c: Controller) => populated(c.owner)?.email ?? null

export async function transferController(payload: Payload, req: PayloadRequest, id: string | number, body: Record<string, unknown>): Promise<Controller> {
  requireStaff(req)
  const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : ''
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(email) || email.length > 254) throw badRequest("E-mail: enter the new owner's account e-mail.", { field: 'email' })
  const reason = parseReason(body.reason)
  const users = await payload.find({ collection: 'users', where: { email: { equals: email } }, limit: 1, depth: 0, overrideAccess: true })
  const target = users.docs[0]
  if (!target) throw notFound(`No account with the e-mail ${email}. Ask the new owner to register first.`)
  if (!hasRole(target, 'customer')) throw unprocessable(`${email} is not a customer account; controllers belong to customers.`)
  await loadController(payload, id)
  return withLock(`controller:${id}`, async () => {
    const c = await loadController(payload, id)
    const previous = refId(c.owner) ?? null
    if (sameId(previous, target.id)) throw conflict(`Controller ${c.serial} already belongs to ${email}.`)
    const now = new Date().toISOString()
    await payload.update({ collection: 'controllers', id: c.id, overrideAccess: true, depth: 0, data: { owner: target.id, claimedAt: now } })
    await recordAudit(
      payload,
      {
        action: 'controller.transferred',
        subject: { collection: 'controllers', id: c.id },
        summary: `Controller ${c.serial} transferred from ${ownerEmailOf(c) ?? 'nobody'} to ${email}: ${reason}`,
        before: { owner: previous, ownerEmail: ownerEmailOf(c) },
        after: { owner: target.id, ownerEmail: email, reason },
      },
      req,
    )
    return (await payload.findByID({ collection: 'controllers', id: c.id, depth: 0, overrideAccess: true }))
  })
}

export async function releaseController(payload: Payload, req: PayloadRequest, id: string | number, body: Record<string, unknown>): Promise<Controller> {
  requireStaff(req)
  const reason = parseReason(body.reason)
  await loadController(payload, id)
  return withLock(`controller:${id}`, async () => {
    const c = await loadController(payload, id)
    const previous = refId(c.owner) ?? null
    if (previous == null) throw conflict(`Controller ${c.serial} is not claimed by anybody.`)
    await payload.update({ collection: 'controllers', id: c.id, overrideAccess: true, depth: 0, data: { owner: null, claimedAt: null } })
    await recordAudit(
      payload,
      {
        action: 'controller.released',
        subject: { collection: 'controllers', id: c.id },
        summary: `Controller ${c.serial} released from ${ownerEmailOf(c) ?? previous}: ${reason}`,
        before: { owner: previous, ownerEmail: ownerEmailOf(c) },
        after: { owner: null, reason },
      },
      req,
    )
    return (await payload.findByID({ collection: 'controllers', id: c.id, depth: 0, overrideAccess: true }))
  })
}
