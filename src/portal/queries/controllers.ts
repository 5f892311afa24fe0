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

export async function listMyControllers(payload: Payload, user: PortalUser, lang: Lang): Promise<ControllerDoc[]> {
  if (!has(payload, 'controllers')) return []
  const res = await payload.find({
    collection: 'controllers' as never,
    where: { owner: { equals: user.id } },
    sort: 'serial',
    depth: 1,
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
      depth: 2,
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
