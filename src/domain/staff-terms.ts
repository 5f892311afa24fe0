/**
 * Staff changing dated rights by hand, each with the reason the audit log keeps: grant an option until
 * a date (goodwill, a demo, a fair) or extend one, end one now, and set until when firmware updates
 * are covered. A controller then needs a new license, which its page says.
 */
import crypto from 'node:crypto'
import type { Controller } from '@payload-types'
import type { Payload, PayloadRequest } from 'payload'

import { isStaff, sameId } from '@/access/roles'
import { recordAudit } from './audit'
import { now as clock } from './clock'
import { createTerm, endOfTerms, isUpdatesPlan, periodStart, requireEndDates, rowFor, stateAt, termsOf } from './dated-options'
import { entitlementForSave, refId, type Entitlement, type Id } from './documents'
import { badRequest, forbidden, notFound, unprocessable } from './errors'
import { withLock } from './keyed-mutex'
import { parseReason } from './transfer-controller'

export type StaffTermAction = 'grant' | 'end' | 'maintenance'

function parseUntil(value: unknown, now: Date): string {
  const d = typeof value === 'string' ? new Date(value) : null
  if (!d || Number.isNaN(d.getTime())) throw badRequest('Until: a date and time, e.g. 2027-03-31T23:59:59Z.', { field: 'until' })
  if (d.getTime() <= now.getTime()) throw badRequest('Until: the date must be in the future.', { field: 'until' })
  return d.toISOString()
}

async function loadController(payload: Payload, id: Id, req?: PayloadRequest): Promise<Controller> {
  const found = await payload.find({ collection: 'controllers', where: { id: { equals: id } }, limit: 1, depth: 0, overrideAccess: true, req })
  if (!found.docs[0]) throw notFound('No such controller.')
  return found.docs[0]
}

async function optionByCode(payload: Payload, code: unknown, req?: PayloadRequest) {
  if (typeof code !== 'string' || !code.trim()) throw badRequest('Option: the code of the option, e.g. THC.', { field: 'option' })
  const found = await payload.find({ collection: 'options', where: { code: { equals: code.trim() } }, limit: 1, depth: 0, overrideAccess: true, req })
  if (!found.docs[0]) throw unprocessable(`There is no option ${code.trim()}.`, { field: 'option' })
  return found.docs[0]
}

const saveRows = (payload: Payload, controllerId: Id, rows: Entitlement[], req?: PayloadRequest, extra: Partial<Controller> = {}) =>
  payload.update({ collection: 'controllers', id: controllerId, overrideAccess: true, depth: 0, req, data: { entitlements: rows.map(entitlementForSave), ...extra } })

/** One staff action on a controller's dated rights; returns what the option or the updates now run until. */
export async function changeTerms(payload: Payload, req: PayloadRequest, controllerId: Id, body: Record<string, unknown>, now = clock()) {
  if (!isStaff(req.user)) throw forbidden('Only managers and administrators change option end dates.')
  const action = body.action
  if (action !== 'grant' && action !== 'end' && action !== 'maintenance') throw badRequest('Action: "grant" (an option until a date, or later), "end" (an option now) or "maintenance" (firmware updates until a date).', { field: 'action' })
  const reason = parseReason(body.reason)
  return withLock(`controller:${controllerId}`, async () => {
    const controller = await loadController(payload, controllerId, req)
    if (action === 'maintenance') return setMaintenance(payload, req, controller, parseUntil(body.until, now), reason, now)
    const option = await optionByCode(payload, body.option, req)
    if (isUpdatesPlan(option)) throw unprocessable(`${option.code} is a firmware update plan: use "maintenance" to set until when updates are covered.`, { field: 'option' })
    const rows = (controller.entitlements ?? []).map(entitlementForSave)
    const row = rowFor({ entitlements: rows }, option.id)
    if (action === 'end') {
      if (!row || !row.until || stateAt(row, now) === 'ended') throw unprocessable(`Controller ${controller.serial} has no dated option ${option.code} running now.`, { field: 'option' })
      const terms = (await termsOf(payload, controller.id, option.id, req)).filter((t) => new Date(t.until) > now)
      for (const t of terms) await payload.update({ collection: 'option-terms', id: t.id, overrideAccess: true, depth: 0, req, data: { until: now.toISOString(), endedEarlyAt: now.toISOString(), reason: `${t.reason ? `${t.reason}; ` : ''}ended early: ${reason}` } })
      const ended = now.toISOString()
      Object.assign(row, { until: ended, state: 'ended' })
      await saveRows(payload, controller.id, rows, req)
      await recordAudit(payload, { action: 'option.ended_early', subject: { collection: 'controllers', id: controller.id }, summary: `${option.code} on controller ${controller.serial} ended now (${reason})`, after: { option: option.code, until: ended, reason } }, req)
      return { option: option.code, until: ended, state: 'ended' as const }
    }
    // grant: a dated option until `until`, or a later end for one running now.
    requireEndDates(controller)
    if ((controller.factoryOptions ?? []).some((f) => sameId(refId(f), option.id))) throw unprocessable(`Option ${option.code} is included with controller ${controller.serial}.`, { field: 'option' })
    if (row && stateAt(row, now) !== 'ended' && !row.until) throw unprocessable(`Controller ${controller.serial} owns option ${option.code} outright${row.state === 'awaiting_payment' ? ' (ordered, waiting for payment)' : ''}; there is nothing to grant.`, { field: 'option' })
    const until = parseUntil(body.until, now)
    const current = row && stateAt(row, now) !== 'ended' ? row.until : null
    const from = periodStart(current, now)
    if (new Date(until) <= from) throw unprocessable(`Option ${option.code} runs until ${current} already; grant a later date to extend it.`, { field: 'until' })
    await createTerm(payload, { key: `grant:${crypto.randomUUID()}`, controller: controller.id, option: option.id, code: option.code, kind: 'grant', from: from.toISOString(), until, reason, by: req.user?.id ?? null }, req)
    const end = endOfTerms(await termsOf(payload, controller.id, option.id, req))
    const extended = Boolean(current)
    // Extending keeps what the right is (a trial or rental extended); a grant on an ended row is a grant.
    if (row) Object.assign(row, { until: end, source: extended && row.source !== 'purchase' ? row.source : 'grant', state: row.state === 'active' && extended ? 'active' : 'available', grantedAt: row.grantedAt ?? now.toISOString() })
    else rows.push({ option: option.id, state: 'available', source: 'grant', order: null, until: end, licensedUntil: null, grantedAt: now.toISOString(), activatedAt: null })
    await saveRows(payload, controller.id, rows, req)
    await recordAudit(payload, {
      action: extended ? 'option.extended' : 'option.granted',
      subject: { collection: 'controllers', id: controller.id },
      summary: `${option.code} on controller ${controller.serial} ${extended ? 'extended' : 'granted'} until ${end} (${reason})`,
      after: { option: option.code, until: end, reason },
    }, req)
    return { option: option.code, until: end, state: 'available' as const }
  })
}

async function setMaintenance(payload: Payload, req: PayloadRequest, controller: Controller, until: string, reason: string, now: Date) {
  if (controller.licenseFormat !== 2) throw unprocessable('Firmware-update end dates reach controllers through format 2 licenses only: this controller reads format 1 (its last request code was PMX1).', { field: 'until' })
  const found = await payload.find({ collection: 'option-terms', where: { and: [{ controller: { equals: controller.id } }, { kind: { equals: 'updates' } }] }, limit: 0, pagination: false, depth: 0, overrideAccess: true, req })
  for (const t of found.docs.filter((t) => t.until > until)) {
    await payload.update({ collection: 'option-terms', id: t.id, overrideAccess: true, depth: 0, req, data: { until, endedEarlyAt: now.toISOString(), reason: `${t.reason ? `${t.reason}; ` : ''}shortened: ${reason}` } })
  }
  const plan = await payload.find({ collection: 'options', where: { kind: { equals: 'updates' } }, limit: 1, depth: 0, overrideAccess: true, req })
  const planOption = plan.docs[0]
  if (!planOption) throw unprocessable('There is no firmware update plan in the catalogue (an option of the kind "Firmware update plan") to record this on.')
  const currentEnd = endOfTerms(found.docs)
  if (!currentEnd || until > currentEnd) {
    await createTerm(payload, { key: `grant:${crypto.randomUUID()}`, controller: controller.id, option: planOption.id, code: planOption.code, kind: 'updates', from: now.toISOString(), until, reason, by: req.user?.id ?? null }, req)
  }
  await payload.update({ collection: 'controllers', id: controller.id, overrideAccess: true, depth: 0, req, data: { maintenanceUntil: until } })
  await recordAudit(payload, { action: 'controller.maintenance_changed', subject: { collection: 'controllers', id: controller.id }, summary: `Firmware updates for controller ${controller.serial} covered until ${until} (${reason})`, before: { maintenanceUntil: controller.maintenanceUntil ?? null }, after: { maintenanceUntil: until, reason } }, req)
  return { maintenanceUntil: until }
}
