/**
 * Reading the customer's controllers, options and licenses — always filtered to their own, even for
 * staff who may read more: as the logged-in user (overrideAccess: false), or where that would only
 * repeat a check already made, with the reason beside it.
 */
import type { Controller, License, Option } from '@payload-types'
import type { Payload, Where } from 'payload'

import { ownedBy } from '@collections/Controllers/access'
import { licensesOwnedBy } from '@collections/Licenses/access'
import { isUpdatesPlan, stateAt } from '@/domain/dated-options'
import { readLicenseNeed, type LicenseNeed } from '@/domain/option-provenance'
import { daysLeft } from '@/domain/dates'
import { populated, refId, type Entitlement, type EntitlementState, type Id } from '@/domain/documents'
import type { Lang } from '../i18n'
import type { PortalUser } from './session'

/** The fields the portal shows of a controller (not its owner, which is the reader anyway). */
const CONTROLLER_FIELDS = {
  serial: true,
  model: true,
  modelId: true,
  hardwareId: true,
  claimedAt: true,
  lastRequestAt: true,
  installedSequence: true,
  licenseSequence: true,
  licenseFormat: true,
  enforcesOptionEndDates: true,
  maintenanceUntil: true,
  licensedMaintenanceUntil: true,
  factoryOptions: true,
  entitlements: { option: true, state: true, order: true, source: true, until: true, licensedUntil: true },
} as const

/** What My controllers and the account home show of each controller (optionCounts, licenseState). */
const LIST_FIELDS = {
  serial: true,
  model: true,
  lastRequestAt: true,
  installedSequence: true,
  licenseSequence: true,
  factoryOptions: true,
  entitlements: { option: true, state: true, until: true },
} as const

/** A controller as the portal lists it: what LIST_FIELDS selects. */
export type ControllerSummary = Pick<Controller, 'id' | 'serial' | 'model' | 'lastRequestAt' | 'installedSequence' | 'licenseSequence' | 'factoryOptions' | 'entitlements'>
/** An option as a controller's page names it. */
export type OptionName = Pick<Option, 'id' | 'code' | 'name'>
/** A controller's options, each an id or (populated) its code and name. */
export interface OptionsOf {
  factoryOptions?: (Id | OptionName)[] | null
  entitlements?: (Omit<Entitlement, 'option'> & { option: Id | OptionName })[] | null
}
/** A controller as its page shows it: what CONTROLLER_FIELDS selects, with its options' code and name. */
export type ControllerDetail = Omit<ControllerSummary, 'factoryOptions' | 'entitlements'> &
  Pick<Controller, 'modelId' | 'hardwareId' | 'claimedAt' | 'licenseFormat' | 'enforcesOptionEndDates' | 'maintenanceUntil' | 'licensedMaintenanceUntil'> &
  OptionsOf
export type LicenseSummary = Pick<License, 'id' | 'sequence' | 'format' | 'options' | 'issuedAt' | 'createdAt' | 'serial'>
/** An option of the catalogue as the portal offers it: how it may be had (outright, rental periods, a trial) and its kind. */
export type OptionOnSale = Pick<Option, 'id' | 'code' | 'name' | 'price' | 'currency' | 'modelIds' | 'onSale' | 'kind' | 'sellOutright' | 'trialDays' | 'rentalPeriods'>

/**
 * The reader's own controllers, read at the adapter level (`payload.db`): no afterRead hooks, field
 * access or population, which cost several times the query itself (docs/performance.md). Access stays exactly as
 * strict as the collection's: the portal applies a customer's read rule (`ownedBy`, collections/Controllers/access.ts)
 * to everybody, staff included. The selected fields carry no
 * field-level read rule except hardwareId, which is readable by the controller's owner — the reader.
 * Controllers have no localized fields, no drafts and no afterRead hooks, so nothing else differs.
 */
async function findOwnControllers<T>(payload: Payload, user: PortalUser, { where, select, limit }: { where?: Where; select: typeof LIST_FIELDS | typeof CONTROLLER_FIELDS; limit: number }) {
  const own = ownedBy(user.id)
  const res = await payload.db.find<T>({
    collection: 'controllers',
    where: where ? { and: [own, where] } : own,
    sort: 'serial',
    select,
    limit,
    pagination: false,
  })
  return res.docs
}

/**
 * The customer's controllers for lists and counts: options and orders are ids (see optionCounts).
 * One query, no count query, no population.
 */
export async function listMyControllers(payload: Payload, user: PortalUser): Promise<ControllerSummary[]> {
  return findOwnControllers<ControllerSummary>(payload, user, { select: LIST_FIELDS, limit: 500 })
}

/**
 * One of the reader's controllers with its options' code and name (in `lang`, with Payload's fallback
 * locale), or null. Orders stay ids: the page links to them by id only.
 */
export async function getMyController(payload: Payload, user: PortalUser, id: string, lang: Lang): Promise<ControllerDetail | null> {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(id)) return null
  let c: ControllerDetail | undefined
  try {
    ;[c] = await findOwnControllers<ControllerDetail>(payload, user, { where: { id: { equals: id } }, select: CONTROLLER_FIELDS, limit: 1 })
  } catch {
    return null // an id the database cannot even parse is simply not one of theirs
  }
  if (!c) return null
  const ids = new Set<string>()
  for (const f of c.factoryOptions ?? []) ids.add(String(refId(f)))
  for (const e of c.entitlements ?? []) if (e.option != null) ids.add(String(refId(e.option)))
  if (ids.size) {
    // overrideAccess: the options' read rule (readOptions) lets a customer read every option their own
    // controllers carry — exactly these ids — so checking it would only repeat a query over all of
    // their controllers. Through payload.find for the localized name and its fallback locale.
    const res = await payload.find({
      collection: 'options',
      where: { id: { in: [...ids] } },
      select: { code: true, name: true },
      depth: 0,
      pagination: false,
      locale: lang,
      overrideAccess: true,
    })
    const byId = new Map<string, OptionName>(res.docs.map((o) => [String(o.id), o]))
    const populate = (v: OptionName | Id) => byId.get(String(refId(v))) ?? v
    c.factoryOptions = (c.factoryOptions ?? []).map(populate)
    c.entitlements = (c.entitlements ?? []).map((e) => ({ ...e, option: populate(e.option) }))
  }
  return c
}

/**
 * A controller's licenses, newest first, at the adapter level with the licenses' own read rule for a
 * customer (`licensesOwnedBy`, collections/Licenses/access.ts); licenses have no field-level read
 * rules, localized fields or afterRead hooks.
 */
export async function listLicenses(payload: Payload, user: PortalUser, controllerId: Id): Promise<LicenseSummary[]> {
  const res = await payload.db.find<LicenseSummary>({
    collection: 'licenses',
    where: { and: [{ controller: { equals: controllerId } }, licensesOwnedBy(user.id)] },
    sort: '-sequence',
    limit: 200,
    pagination: false,
    select: { sequence: true, format: true, options: true, issuedAt: true, createdAt: true, serial: true },
  })
  return res.docs
}

export async function listOptionsOnSale(payload: Payload, lang: Lang): Promise<OptionOnSale[]> {
  const res = await payload.find({
    collection: 'options',
    where: { onSale: { equals: true } },
    sort: 'code',
    select: { code: true, name: true, price: true, currency: true, modelIds: true, onSale: true, kind: true, sellOutright: true, trialDays: true, rentalPeriods: true },
    depth: 0,
    limit: 500,
    pagination: false,
    locale: lang,
    // Options on sale are readable by everybody, anonymous readers included (readOptions); checking the
    // rule would only list all of the customer's controllers for the options they carry.
    overrideAccess: true,
  })
  return res.docs
}

export type OptionRowState = 'factory' | EntitlementState

export interface OptionRow {
  optionId: Id
  code: string
  name: string
  /** The state at the time asked for: a dated row whose end has passed is ended, whatever its stored state. */
  state: OptionRowState
  orderId?: Id
  source?: Entitlement['source']
  /** The end of a dated row (the end it had, for an ended one); null: permanent. */
  until: string | null
  /** Whole days left of a dated row that still runs; null otherwise. */
  daysLeft: number | null
  /** The latest license carries another end than the row has now (a renewal, a grant, an extension, an early end): Apply gives the controller the new date. */
  licenseNeeded: boolean
}

/** Two stored times (ISO strings or none) that name the same instant. */
export const sameInstant = (a: string | null | undefined, b: string | null | undefined): boolean =>
  !a || !b ? !a && !b : new Date(a).getTime() === new Date(b).getTime()

/**
 * Whether the controller's latest license carries another end for the row than it has now: a row
 * switched on whose end moved (renewed, granted, extended), or one ended early while the license still
 * runs it. Apply then gives the controller the new dates.
 */
function licenseNeeded(state: EntitlementState, until: string | null, licensedUntil: string | null | undefined): boolean {
  if (state === 'active') return !sameInstant(until, licensedUntil)
  if (state === 'ended') return !!until && !!licensedUntil && new Date(licensedUntil).getTime() > new Date(until).getTime()
  return false
}

/** The controller's options with their state at `now`: factory (always on), active, available, awaiting payment, ended; with their end dates. */
export function optionRows(c: OptionsOf, now = new Date()): OptionRow[] {
  const rows: OptionRow[] = []
  const seen = new Set<string>()
  for (const f of c.factoryOptions ?? []) {
    const o = populated(f)
    if (!o || seen.has(o.code)) continue
    seen.add(o.code)
    rows.push({ optionId: o.id, code: o.code, name: o.name ?? o.code, state: 'factory', until: null, daysLeft: null, licenseNeeded: false })
  }
  for (const e of c.entitlements ?? []) {
    const o = populated(e.option)
    if (!o || seen.has(o.code)) continue
    seen.add(o.code)
    const state = stateAt(e, now)
    const until = e.until ?? null
    const running = until !== null && (state === 'active' || state === 'available')
    rows.push({
      optionId: o.id,
      code: o.code,
      name: o.name ?? o.code,
      state,
      orderId: refId(e.order),
      source: e.source,
      until: state === 'awaiting_payment' ? null : until,
      daysLeft: running ? daysLeft(until, now) : null,
      licenseNeeded: licenseNeeded(state, until, e.licensedUntil),
    })
  }
  return rows.sort((a, b) => a.code.localeCompare(b.code))
}

/** Until when firmware updates are covered, and whether the controller's latest license says so already. */
export interface UpdatesCover {
  /** null: no limit. */
  until: string | null
  ended: boolean
  daysLeft: number | null
  licenseNeeded: boolean
}

export function updatesCover(c: Pick<Controller, 'maintenanceUntil' | 'licensedMaintenanceUntil' | 'licenseFormat' | 'licenseSequence'>, now = new Date()): UpdatesCover {
  const until = c.maintenanceUntil ?? null
  const ended = until !== null && new Date(until).getTime() <= now.getTime()
  return {
    until,
    ended,
    daysLeft: until !== null && !ended ? daysLeft(until, now) : null,
    // Format 1 licenses carry no updates date; a controller without a license gets the date with its first one.
    licenseNeeded: c.licenseFormat === 2 && (c.licenseSequence ?? 0) > 0 && !sameInstant(until, c.licensedMaintenanceUntil),
  }
}

type CatalogueReader = Pick<ControllerDetail, 'modelId'> & OptionsOf

const fits = (o: OptionOnSale, c: CatalogueReader) => o.onSale !== false && (o.modelIds ?? []).includes(c.modelId)
const factoryIds = (c: OptionsOf) => new Set((c.factoryOptions ?? []).map((f) => String(refId(f))))
const rowOf = (c: OptionsOf, optionId: Id) => (c.entitlements ?? []).find((e) => e.option != null && String(refId(e.option)) === String(optionId))

export interface TrialOffer {
  optionId: Id
  code: string
  name: string
  days: number
}

/**
 * The options the controller may try for free, as far as its page can tell: on sale, fitting its model,
 * offering a trial, not included and not held now — nor ended after a trial (a trial is once per
 * controller; the server, which keeps every term, refuses any other second try with its reason).
 */
export function trialOffers(c: CatalogueReader, catalogue: OptionOnSale[], now = new Date()): TrialOffer[] {
  const factory = factoryIds(c)
  return catalogue
    .filter((o) => fits(o, c) && !isUpdatesPlan(o) && (o.trialDays ?? 0) > 0 && !factory.has(String(o.id)))
    .filter((o) => {
      const row = rowOf(c, o.id)
      return !row || (stateAt(row, now) === 'ended' && row.source !== 'trial')
    })
    .map((o) => ({ optionId: o.id, code: o.code, name: o.name ?? o.code, days: o.trialDays ?? 0 }))
    .sort((a, b) => a.code.localeCompare(b.code))
}

export interface BuyOffer {
  id: Id
  code: string
  name: string
  currency: string
  kind: 'feature' | 'updates'
  /** The price to buy it outright; null when it is not sold outright (rentals and update plans). */
  outright: number | null
  /** Rental periods (for an update plan: months of cover), shortest first. */
  periods: { months: number; price: number }[]
  /** A dated right running now (or the firmware-updates end): a rental or plan adds to it. */
  runsUntil: string | null
}

/**
 * What the buy page offers the controller: each option on sale that fits its model and is not included,
 * not ordered (awaiting payment) and not owned outright — ended ones again, dated ones to renew or buy
 * outright — and the update plans while its firmware updates are limited.
 */
export function buyOffers(c: CatalogueReader & Pick<ControllerDetail, 'maintenanceUntil'>, catalogue: OptionOnSale[], now = new Date()): BuyOffer[] {
  const factory = factoryIds(c)
  const offers: BuyOffer[] = []
  for (const o of catalogue) {
    if (!fits(o, c) || factory.has(String(o.id))) continue
    const periods = [...(o.rentalPeriods ?? [])].map(({ months, price }) => ({ months, price })).sort((a, b) => a.months - b.months)
    const base = { id: o.id, code: o.code, name: o.name ?? o.code, currency: o.currency ?? 'EUR', periods }
    if (isUpdatesPlan(o)) {
      if (c.maintenanceUntil && periods.length) offers.push({ ...base, kind: 'updates', outright: null, runsUntil: c.maintenanceUntil })
      continue
    }
    const row = rowOf(c, o.id)
    const state = row ? stateAt(row, now) : null
    if (state === 'awaiting_payment') continue
    if (row && state !== 'ended' && !row.until) continue // owned outright
    const outright = o.sellOutright === false ? null : (o.price ?? 0)
    if (outright === null && !periods.length) continue
    offers.push({ ...base, kind: 'feature', outright, runsUntil: row && state !== 'ended' ? (row.until ?? null) : null })
  }
  return offers.sort((a, b) => (a.kind === b.kind ? a.code.localeCompare(b.code) : a.kind === 'feature' ? -1 : 1))
}

/** The catalogue's firmware update plan for this controller, if one is on sale (the page links to it). */
export const updatePlanFor = (c: CatalogueReader, catalogue: OptionOnSale[]): OptionOnSale | undefined =>
  catalogue.find((o) => isUpdatesPlan(o) && fits(o, c) && (o.rentalPeriods ?? []).length > 0)

/** How many options are on (factory or active) and how many are paid but off at `now` (ended ones count as neither); works on unpopulated docs. */
export function optionCounts(c: OptionsOf, now = new Date()): { active: number; available: number } {
  const seen = new Set<string>()
  let active = 0
  let available = 0
  for (const f of c.factoryOptions ?? []) {
    const id = String(refId(f))
    if (seen.has(id)) continue
    seen.add(id)
    active++
  }
  for (const e of c.entitlements ?? []) {
    const id = String(refId(e.option))
    if (e.option == null || seen.has(id)) continue
    seen.add(id)
    const state = stateAt(e, now)
    if (state === 'active') active++
    else if (state === 'available') available++
  }
  return { active, available }
}

export type LicenseState = 'none' | 'latest' | 'pending' | 'needed'

/**
 * Whether the controller runs the latest license issued for it (as its last request code reported),
 * or needs a new one: its latest license says more than it may now (`need`, licenseNeedOf).
 */
export function licenseState(c: Pick<Controller, 'licenseSequence' | 'installedSequence'>, need?: Pick<LicenseNeed, 'needed'> | null): LicenseState {
  const issued = c.licenseSequence ?? 0
  if (issued === 0) return 'none'
  if (need?.needed) return 'needed'
  return (c.installedSequence ?? 0) >= issued ? 'latest' : 'pending'
}

export type { LicenseNeed }

/**
 * Whether the reader's controller needs a new license because its latest one carries an option it
 * no longer has (refunded, taken back) or was signed by a revoked key — derived now from the stored
 * facts (src/domain/option-provenance.ts); null when it is not the reader's or has no license.
 */
export async function licenseNeedOf(payload: Payload, user: PortalUser, c: Pick<Controller, 'id' | 'licenseSequence'>, now = new Date()): Promise<LicenseNeed | null> {
  if ((c.licenseSequence ?? 0) === 0) return null
  return readLicenseNeed(payload, c.id, { now, onlyIfOwnedBy: user.id })
}

/** licenseNeedOf for a list of the reader's controllers, by id (only those with a license are read). */
export async function licenseNeeds(payload: Payload, user: PortalUser, controllers: Pick<Controller, 'id' | 'licenseSequence'>[], now = new Date()): Promise<Map<string, LicenseNeed>> {
  const needs = new Map<string, LicenseNeed>()
  for (const c of controllers) {
    const need = await licenseNeedOf(payload, user, c, now)
    if (need) needs.set(String(c.id), need)
  }
  return needs
}
