/**
 * Options with end dates: free trials, rentals, firmware-update plans and staff grants. Each right
 * given is an option term (the option-terms collection); the controller's entitlement row for the
 * option shows the latest end of its terms (`until`), which format 2 licenses carry. Only controllers
 * that read format 2 and enforce end dates (their PMX2 code's flag) are given dated options.
 */
import type { Controller, Option, OptionTerm } from '@payload-types'
import type { Payload, PayloadRequest } from 'payload'

import { laterIso } from './dates'
import { refId, type Entitlement, type Id } from './documents'
import { unprocessable } from './errors'

/** Why a controller cannot be given a dated option, in words for its owner. */
export const END_DATES_UNSUPPORTED =
  'This controller cannot run options for a limited time: its software does not enforce end dates. Update the controller software to the version that shows request codes starting with PMX2-, then add the controller again with its fresh code.'

export const canEnforceEndDates = (c: Pick<Controller, 'licenseFormat' | 'enforcesOptionEndDates'>) => c.licenseFormat === 2 && c.enforcesOptionEndDates === true

export function requireEndDates(c: Pick<Controller, 'licenseFormat' | 'enforcesOptionEndDates'>): void {
  if (!canEnforceEndDates(c)) throw unprocessable(END_DATES_UNSUPPORTED, { reason: 'end-dates-unsupported' })
}

export const isUpdatesPlan = (o: Pick<Option, 'kind'>) => o.kind === 'updates'

/** An entitlement as it stands at `now`: a dated one whose end has passed is ended, whatever its stored state says. */
export function stateAt(e: Pick<Entitlement, 'state' | 'until'>, now: Date): Entitlement['state'] {
  if (e.state !== 'awaiting_payment' && e.until && new Date(e.until).getTime() <= now.getTime()) return 'ended'
  return e.state
}

/** Whether the row can still be switched on or is on (paid, not ended) at `now`. */
export const usableAt = (e: Pick<Entitlement, 'state' | 'until'>, now: Date) => {
  const s = stateAt(e, now)
  return s === 'available' || s === 'active'
}

/** Creates a term; false when its key exists already (the same trial, or a paid order counted before). */
export async function createTerm(
  payload: Payload,
  term: { key: string; controller: Id; option: Id; code: string; kind: OptionTerm['kind']; order?: Id | null; from: string; until: string; reason?: string | null; by?: Id | null },
  req?: PayloadRequest,
): Promise<boolean> {
  const existing = await payload.count({ collection: 'option-terms', where: { key: { equals: term.key } }, overrideAccess: true, req })
  if (existing.totalDocs > 0) return false
  await payload.create({ collection: 'option-terms', overrideAccess: true, req, data: { ...term, order: term.order ?? null, reason: term.reason ?? null, by: term.by ?? null } })
  return true
}

/** The terms of one option on one controller (trials, rentals, grants), oldest first. */
export async function termsOf(payload: Payload, controllerId: Id, optionId: Id, req?: PayloadRequest): Promise<OptionTerm[]> {
  const found = await payload.find({
    collection: 'option-terms',
    where: { and: [{ controller: { equals: controllerId } }, { option: { equals: optionId } }, { kind: { not_equals: 'updates' } }] },
    sort: 'createdAt',
    limit: 0,
    pagination: false,
    depth: 0,
    overrideAccess: true,
    req,
  })
  return found.docs
}

/** The end of a set of terms: the latest `until` (an ended-early term counts with its new end). */
export const endOfTerms = (terms: Pick<OptionTerm, 'until'>[]): string | null => terms.reduce<string | null>((end, t) => laterIso(end, t.until), null)

/** The start of a new period for a dated right: its current end when that is still ahead, else `now` (renewals add up, never overlap). */
export const periodStart = (currentEnd: string | null | undefined, now: Date): Date => (currentEnd && new Date(currentEnd) > now ? new Date(currentEnd) : now)

/** The controller's row for an option, if any (one row per option; rows of ended rights stay as history). */
export const rowFor = (c: Pick<Controller, 'entitlements'>, optionId: Id) => (c.entitlements ?? []).find((e) => String(refId(e.option)) === String(optionId))
