/** The shape of a controller as the domain code reads it (depth 1: options populated). */
export interface OptionRef {
  id: string | number
  code: string
  name?: string
  price?: number
  currency?: string
  modelIds?: number[]
  onSale?: boolean
}

export interface EntitlementRow {
  id?: string
  option: OptionRef | string | number
  state: 'awaiting_payment' | 'available' | 'active'
  order?: { id: string | number } | string | number | null
  grantedAt?: string | null
  activatedAt?: string | null
}

export interface ControllerDoc {
  id: string | number
  serial: string
  modelId: number
  model: string
  hardwareId: string
  owner?: { id: string | number; email?: string; name?: string; language?: string } | string | number | null
  factoryOptions?: (OptionRef | string | number)[] | null
  entitlements?: EntitlementRow[] | null
  installedSequence?: number | null
  licenseSequence?: number | null
  lastRequestAt?: string | null
  claimedAt?: string | null
}

export const refId = (v: unknown): string | number | undefined =>
  v == null ? undefined : typeof v === 'object' ? (v as { id: string | number }).id : (v as string | number)

export const optionCode = (v: OptionRef | string | number): string | undefined => (typeof v === 'object' && v ? v.code : undefined)

/** Entitlement rows written back through Payload: relationships as ids. */
export function entitlementForSave(e: EntitlementRow) {
  return {
    option: refId(e.option),
    state: e.state,
    order: refId(e.order) ?? null,
    grantedAt: e.grantedAt ?? null,
    activatedAt: e.activatedAt ?? null,
  }
}
