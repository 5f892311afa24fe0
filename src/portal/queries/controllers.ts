/**
 * Reading the customer's controllers, options and licenses — always filtered to their own, even for
 * staff who may read more: as the logged-in user (overrideAccess: false), or where that would only
 * repeat a check already made, with the reason beside it.
 */
import type { Controller, License, Option } from '@payload-types'
import type { Payload, Where } from 'payload'

import { ownedBy } from '@collections/Controllers/access'
import { licensesOwnedBy } from '@collections/Licenses/access'
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
  factoryOptions: true,
  entitlements: { option: true, state: true, order: true },
} as const

/** What My controllers and the account home show of each controller (optionCounts, licenseState). */
const LIST_FIELDS = {
  serial: true,
  model: true,
  lastRequestAt: true,
  installedSequence: true,
  licenseSequence: true,
  factoryOptions: true,
  entitlements: { option: true, state: true },
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
export type ControllerDetail = Omit<ControllerSummary, 'factoryOptions' | 'entitlements'> & Pick<Controller, 'modelId' | 'hardwareId' | 'claimedAt' | 'licenseFormat'> & OptionsOf
export type LicenseSummary = Pick<License, 'id' | 'sequence' | 'format' | 'options' | 'issuedAt' | 'createdAt' | 'serial'>
export type OptionOnSale = Pick<Option, 'id' | 'code' | 'name' | 'price' | 'currency' | 'modelIds' | 'onSale'>

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
    select: { code: true, name: true, price: true, currency: true, modelIds: true, onSale: true },
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
  state: OptionRowState
  orderId?: Id
}

/** The controller's options with their state: factory (always on), active, available, awaiting payment. */
export function optionRows(c: OptionsOf): OptionRow[] {
  const rows: OptionRow[] = []
  const seen = new Set<string>()
  for (const f of c.factoryOptions ?? []) {
    const o = populated(f)
    if (!o || seen.has(o.code)) continue
    seen.add(o.code)
    rows.push({ optionId: o.id, code: o.code, name: o.name ?? o.code, state: 'factory' })
  }
  for (const e of c.entitlements ?? []) {
    const o = populated(e.option)
    if (!o || seen.has(o.code)) continue
    seen.add(o.code)
    rows.push({ optionId: o.id, code: o.code, name: o.name ?? o.code, state: e.state, orderId: refId(e.order) })
  }
  return rows.sort((a, b) => a.code.localeCompare(b.code))
}

/** How many options are on (factory or active) and how many are paid but off; works on unpopulated docs. */
export function optionCounts(c: OptionsOf): { active: number; available: number } {
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
    if (e.state === 'active') active++
    else if (e.state === 'available') available++
  }
  return { active, available }
}

/** Codes of every option the controller has in any state (not for sale to it again). */
export function ownedOptionIds(c: OptionsOf): Set<string> {
  const ids = new Set<string>()
  for (const f of c.factoryOptions ?? []) ids.add(String(refId(f)))
  for (const e of c.entitlements ?? []) ids.add(String(refId(e.option)))
  return ids
}

export type LicenseState = 'none' | 'latest' | 'pending'

/** Whether the controller runs the latest license issued for it (as its last request code reported). */
export function licenseState(c: Pick<Controller, 'licenseSequence' | 'installedSequence'>): LicenseState {
  const issued = c.licenseSequence ?? 0
  if (issued === 0) return 'none'
  return (c.installedSequence ?? 0) >= issued ? 'latest' : 'pending'
}
