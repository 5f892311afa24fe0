/**
 * What a controller may be licensed for, decided from what the options rest on — never from the
 * states recorded on its entitlement rows, which a duplicated order, a form edit or a repaired write
 * could have set. An option is grantable at a moment when it is
 * - a factory option (always, permanent);
 * - bought outright by a `paid` order of this controller that has payment evidence — a row in
 *   `payments` (the webhook) or staff's mark-paid, which records `paidBy` and `paymentReference`
 *   (permanent);
 * - or covered by an option term running then: a trial or staff grant, or a rental whose order is paid
 *   with evidence (until the latest end of those terms).
 * The issuance store reads that evidence with the controller (one statement on SQLite).
 *
 * "License needed" is derived from the same facts at read time (licenseNeed): the controller's latest
 * license carries an option that is no longer grantable (refunded, taken back, granted without
 * evidence), or it was signed by a key that has since been revoked. Derived rather than stored, so it
 * cannot go stale: every refund, revocation or new license changes its inputs, and nothing has to
 * remember to set or clear a flag.
 */
import type { Payload } from 'payload'

import { type ControllerForIssue, type Id, type LatestLicense, issuanceStore } from '@/db/issuance/store'

/** One grantable option: until when (null: permanent) and what it rests on. */
export interface Grant {
  until: string | null
  basis: 'factory' | 'payment' | 'term'
}

/** The options the controller may be licensed for at `now`, by code. */
export function grantableAt(c: Pick<ControllerForIssue, 'factoryCodes' | 'provenance'>, now: Date): Map<string, Grant> {
  const grants = new Map<string, Grant>()
  for (const code of c.factoryCodes) grants.set(code, { until: null, basis: 'factory' })
  for (const code of c.provenance.paidCodes) if (!grants.has(code)) grants.set(code, { until: null, basis: 'payment' })
  const at = now.getTime()
  for (const t of c.provenance.terms) {
    if (t.kind === 'updates' || new Date(t.until).getTime() <= at) continue
    const g = grants.get(t.code)
    if (!g) grants.set(t.code, { until: t.until, basis: 'term' })
    else if (g.until !== null && new Date(t.until).getTime() > new Date(g.until).getTime()) g.until = t.until
  }
  return grants
}

export interface LicenseNeed {
  /** The controller should get a new license (Apply). */
  needed: boolean
  /** Options its latest license carries that nothing grants now (refunded, taken back, never paid). */
  withdrawn: string[]
  /** The kid of the revoked key that signed its latest license, if so. */
  revokedKid: string | null
  /** The latest license's sequence (null: none issued). */
  sequence: number | null
}

/**
 * Whether the controller's latest license says more than it may: an option in it with no grant now,
 * or a revoked signing key. An option whose dated right simply ran out is not "withdrawn": the
 * license carried that end and the controller enforces it (the row's licensedUntil has passed).
 */
export function licenseNeed(c: Pick<ControllerForIssue, 'factoryCodes' | 'provenance' | 'entitlements'>, latest: LatestLicense | null, now: Date): LicenseNeed {
  if (!latest) return { needed: false, withdrawn: [], revokedKid: null, sequence: null }
  const grants = grantableAt(c, now)
  const licensedUntil = new Map(c.entitlements.map((e) => [e.code ?? '', e.licensedUntil]))
  const withdrawn = latest.options.filter((code) => {
    if (grants.has(code)) return false
    const until = licensedUntil.get(code)
    return !(until && new Date(until).getTime() <= now.getTime())
  })
  const revokedKid = latest.keyStatus === 'revoked' ? latest.kid : null
  return { needed: withdrawn.length > 0 || revokedKid !== null, withdrawn, revokedKid, sequence: latest.sequence }
}

/**
 * "License needed" for one controller, read now: the controller with its evidence and its latest
 * license (two statements on SQLite); null when there is no such controller (owned by `onlyIfOwnedBy`, when given).
 */
export async function readLicenseNeed(payload: Payload, controllerId: Id, { now = new Date(), onlyIfOwnedBy }: { now?: Date; onlyIfOwnedBy?: Id } = {}): Promise<LicenseNeed | null> {
  const store = issuanceStore(payload)
  const [controller, latest] = await Promise.all([store.readController(controllerId), store.latestLicense(controllerId)])
  if (!controller || (onlyIfOwnedBy != null && String(controller.owner) !== String(onlyIfOwnedBy))) return null
  return licenseNeed(controller, latest, now)
}
