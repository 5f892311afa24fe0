/**
 * Reading the customer's controllers, options and licenses — always as the logged-in user
 * (overrideAccess: false), and always filtered to their own, even for staff who may read more.
 */
import type { Payload } from 'payload'

import type { Lang } from '../i18n'
import type { PortalUser } from './session'
import { asOption, idOf, type ControllerDoc, type EntitlementState, type Id, type LicenseDoc, type OptionDoc } from './types'

const has = (payload: Payload, slug: string) => Boolean((payload.collections as Record<string, unknown>)[slug])
export const licensingReady = (payload: Payload) => has(payload, 'controllers')

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
  factoryOptions: true,
  entitlements: true,
}

/**
 * The customer's controllers for lists and counts: depth 0, so options and orders are ids (see
 * optionCounts). Populating them cost ~5× the query time with 50 controllers.
 */
export async function listMyControllers(payload: Payload, user: PortalUser, lang: Lang): Promise<ControllerDoc[]> {
  if (!has(payload, 'controllers')) return []
  const res = await payload.find({
    collection: 'controllers' as never,
    where: { owner: { equals: user.id } },
    sort: 'serial',
    depth: 0,
    select: CONTROLLER_FIELDS as never,
    limit: 500,
    locale: lang,
    user,
    overrideAccess: false,
  })
  return res.docs as unknown as ControllerDoc[]
}

export async function getMyController(payload: Payload, user: PortalUser, id: string, lang: Lang): Promise<ControllerDoc | null> {
  if (!has(payload, 'controllers') || !/^[A-Za-z0-9_-]{1,40}$/.test(id)) return null
  try {
    const res = await payload.find({
      collection: 'controllers' as never,
      where: { and: [{ id: { equals: id } }, { owner: { equals: user.id } }] },
      // Options (code, name) and orders (number) populated, nothing deeper: optionRows needs no more.
      depth: 1,
      select: CONTROLLER_FIELDS as never,
      populate: { options: { code: true, name: true }, orders: { number: true } } as never,
      limit: 1,
      locale: lang,
      user,
      overrideAccess: false,
    })
    return (res.docs[0] as unknown as ControllerDoc) ?? null
  } catch {
    return null // an id the database cannot even parse is simply not one of theirs
  }
}

export async function listLicenses(payload: Payload, user: PortalUser, controllerId: Id): Promise<LicenseDoc[]> {
  if (!has(payload, 'licenses')) return []
  const res = await payload.find({
    collection: 'licenses' as never,
    where: { controller: { equals: controllerId } },
    sort: '-sequence',
    depth: 0,
    limit: 200,
    select: { sequence: true, options: true, issuedAt: true, createdAt: true, serial: true } as never,
    user,
    overrideAccess: false,
  })
  return res.docs as unknown as LicenseDoc[]
}

export async function listOptionsOnSale(payload: Payload, user: PortalUser, lang: Lang): Promise<OptionDoc[]> {
  if (!has(payload, 'options')) return []
  const res = await payload.find({
    collection: 'options' as never,
    where: { onSale: { equals: true } },
    sort: 'code',
    depth: 0,
    limit: 500,
    locale: lang,
    user,
    overrideAccess: false,
  })
  return res.docs as unknown as OptionDoc[]
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
export function optionRows(c: ControllerDoc): OptionRow[] {
  const rows: OptionRow[] = []
  const seen = new Set<string>()
  for (const f of c.factoryOptions ?? []) {
    const o = asOption(f)
    if (!o || seen.has(o.code)) continue
    seen.add(o.code)
    rows.push({ optionId: o.id, code: o.code, name: o.name ?? o.code, state: 'factory' })
  }
  for (const e of c.entitlements ?? []) {
    const o = asOption(e.option)
    if (!o || seen.has(o.code)) continue
    seen.add(o.code)
    rows.push({ optionId: o.id, code: o.code, name: o.name ?? o.code, state: e.state, orderId: idOf(e.order) })
  }
  return rows.sort((a, b) => a.code.localeCompare(b.code))
}

/** How many options are on (factory or active) and how many are paid but off; works on unpopulated docs. */
export function optionCounts(c: ControllerDoc): { active: number; available: number } {
  const seen = new Set<string>()
  let active = 0
  let available = 0
  for (const f of c.factoryOptions ?? []) {
    const id = String(idOf(f))
    if (seen.has(id)) continue
    seen.add(id)
    active++
  }
  for (const e of c.entitlements ?? []) {
    const id = String(idOf(e.option))
    if (e.option == null || seen.has(id)) continue
    seen.add(id)
    if (e.state === 'active') active++
    else if (e.state === 'available') available++
  }
  return { active, available }
}

/** Codes of every option the controller has in any state (not for sale to it again). */
export function ownedOptionIds(c: ControllerDoc): Set<string> {
  const ids = new Set<string>()
  for (const f of c.factoryOptions ?? []) ids.add(String(idOf(f)))
  for (const e of c.entitlements ?? []) ids.add(String(idOf(e.option)))
  return ids
}

export type LicenseState = 'none' | 'latest' | 'pending'

/** Whether the controller runs the latest license issued for it (as its last request code reported). */
export function licenseState(c: ControllerDoc): LicenseState {
  const issued = c.licenseSequence ?? 0
  if (issued === 0) return 'none'
  return (c.installedSequence ?? 0) >= issued ? 'latest' : 'pending'
}
