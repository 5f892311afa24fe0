/**
 * The generated document types (payload-types.ts) as the domain and the portal read them, and the
 * helpers for relationships, which hold an id (depth 0) or the related document (depth ≥ 1).
 */
import type { Controller, Option, Order } from '@payload-types'

export type Id = string | number

export type Entitlement = NonNullable<Controller['entitlements']>[number]
export type EntitlementState = Entitlement['state']
export type OrderItem = NonNullable<Order['items']>[number]
export type OrderStatus = Order['status']

/** The id behind a relationship value, populated or not. */
export const refId = (v: { id: Id } | Id | null | undefined): Id | undefined => (v == null ? undefined : typeof v === 'object' ? v.id : v)

/** The related document when the relationship was populated, else null. */
export const populated = <T extends object>(v: T | Id | null | undefined): T | null => (typeof v === 'object' && v !== null ? v : null)

/** The option's code when the relationship was populated. */
export const optionCode = (v: Option | Id | null | undefined): string | undefined => populated(v)?.code

/** Entitlement rows written back through Payload: relationships as ids, every field kept. */
export function entitlementForSave(e: Entitlement): Entitlement {
  return {
    option: refId(e.option)!,
    state: e.state,
    order: refId(e.order) ?? null,
    source: e.source ?? 'purchase',
    until: e.until ?? null,
    licensedUntil: e.licensedUntil ?? null,
    grantedAt: e.grantedAt ?? null,
    activatedAt: e.activatedAt ?? null,
    reminded7: e.reminded7 ?? null,
    reminded1: e.reminded1 ?? null,
    remindedEnded: e.remindedEnded ?? null,
  }
}
