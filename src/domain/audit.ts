/**
 * The audit log: one append-only entry per business event (who did what to which document, when).
 * Every hook and domain function writes through recordAudit, so the shape stays the same everywhere.
 */
import type { AuditEvent as AuditEventDoc } from '@payload-types'
import type { Payload, PayloadRequest } from 'payload'

import type { Id } from './documents'

export const AUDIT_ACTIONS = [
  'controller.claimed',
  'controller.transferred',
  'controller.released',
  'order.placed',
  'order.paid',
  'order.cancelled',
  'order.refunded',
  'license.issued',
  'license.refused',
  'order.repair_withheld',
  'user.role_changed',
  'signing_key.rotated',
  'signing_key.rotation_started',
  'signing_key.certified',
  'signing_key.discarded',
  'signing_key.revoked',
  'revocation_list.published',
  'root_key.added',
  'root_key.removed',
  'option.trial_started',
  'option.granted',
  'option.extended',
  'option.ended_early',
  'option.ended',
  'controller.maintenance_changed',
  'user.login_locked',
  'user.password_reset_sent',
  'user.closure_requested',
  'user.closed',
] as const
export type AuditAction = (typeof AUDIT_ACTIONS)[number]

export interface AuditEvent {
  action: AuditAction
  subject: { collection: string; id: string | number }
  summary: string
  before?: unknown
  after?: unknown
  /** The user who acted; defaults to the request's logged-in user. */
  actor?: string | number | null
  /** Who acted when it was not a person (e.g. "payment webhook"); defaults to the user's e-mail, or "system". */
  actorLabel?: string
}

async function resolveActor(payload: Payload, event: AuditEvent, req?: PayloadRequest): Promise<{ actor: string | number | null; actorLabel: string }> {
  const reqUser = req?.user
  if (event.actor == null && reqUser && reqUser.collection === 'users') {
    return { actor: reqUser.id, actorLabel: event.actorLabel ?? reqUser.email ?? String(reqUser.id) }
  }
  if (event.actor != null) {
    if (event.actorLabel) return { actor: event.actor, actorLabel: event.actorLabel }
    const found = await payload.find({ collection: 'users', where: { id: { equals: event.actor } }, limit: 1, depth: 0, overrideAccess: true, req })
    const email = found.docs[0]?.email
    return { actor: found.docs[0] ? event.actor : null, actorLabel: email ?? `user ${event.actor}` }
  }
  return { actor: null, actorLabel: event.actorLabel ?? 'system' }
}

/** Plain JSON for the before/after columns (dates as ISO strings, relationships as they were given). */
const asJson = (value: unknown): AuditEventDoc['before'] => (value === undefined ? null : JSON.parse(JSON.stringify(value)))

/** One entry as stored (the audit-events collection's fields). */
export type AuditEntry = Omit<AuditEventDoc, 'id' | 'actor'> & { actor: Id | null; actorLabel: string }

/** The entry for an event: its actor resolved, its summary cut to size, before/after as plain JSON. */
export async function auditEntry(payload: Payload, event: AuditEvent, req?: PayloadRequest): Promise<AuditEntry> {
  const { actor, actorLabel } = await resolveActor(payload, event, req)
  const now = new Date().toISOString()
  return {
    action: event.action,
    actor,
    actorLabel,
    subjectCollection: event.subject.collection,
    subjectId: String(event.subject.id),
    summary: event.summary.slice(0, 500),
    before: asJson(event.before),
    after: asJson(event.after),
    at: now,
    createdAt: now,
    updatedAt: now,
  }
}

/**
 * Appends one entry. Pass the request when there is one: the entry joins its transaction (so it is
 * written exactly when the change is) and the logged-in user becomes the actor.
 *
 * Written through the database adapter: the collection's hooks only refuse updates and deletes, and
 * an entry is never read back here, so the operation layer's validation and re-read would be wasted.
 */
export async function recordAudit(payload: Payload, event: AuditEvent, req?: PayloadRequest): Promise<void> {
  await payload.db.create({ collection: 'audit-events', req, returning: false, data: { ...(await auditEntry(payload, event, req)) } })
}
