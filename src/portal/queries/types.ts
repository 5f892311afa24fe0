/** The shapes the portal reads from the licensing collections (see the domain contract). */
export type Id = string | number

export interface OptionDoc {
  id: Id
  code: string
  name?: string | null
  description?: unknown
  price?: number | null
  currency?: string | null
  modelIds?: number[] | null
  onSale?: boolean | null
}

export type EntitlementState = 'awaiting_payment' | 'available' | 'active'

export interface EntitlementDoc {
  id?: string | null
  option: OptionDoc | Id
  state: EntitlementState
  order?: { id: Id; number?: string } | Id | null
  grantedAt?: string | null
  activatedAt?: string | null
}

export interface ControllerDoc {
  id: Id
  serial: string
  modelId: number
  model: string
  hardwareId?: string | null
  owner?: unknown
  factoryOptions?: Array<OptionDoc | Id> | null
  entitlements?: EntitlementDoc[] | null
  installedSequence?: number | null
  licenseSequence?: number | null
  lastRequestAt?: string | null
  claimedAt?: string | null
}

export interface OrderItem {
  option?: OptionDoc | Id
  code: string
  name?: string | null
  unitPrice: number
  currency: string
}

export interface OrderDoc {
  id: Id
  number: string
  customer?: unknown
  controller?: ControllerDoc | Id | null
  items?: OrderItem[] | null
  total: number
  currency: string
  status: 'awaiting_payment' | 'paid' | 'cancelled' | 'refunded'
  paidAt?: string | null
  paymentReference?: string | null
  bill?: {
    seller?: Partial<Record<'name' | 'address' | 'vatId' | 'bankName' | 'iban' | 'bic' | 'accountHolder', string | null>> | null
    buyer?: Partial<Record<'name' | 'email' | 'phone', string | null>> | null
    issuedAt?: string | null
    dueAt?: string | null
    paymentReference?: string | null
  } | null
  createdAt?: string
}

export interface LicenseDoc {
  id: Id
  controller?: unknown
  serial?: string
  sequence: number
  options?: string[] | null
  issuedAt?: string | null
  createdAt?: string
}

export const idOf = (v: unknown): Id | undefined =>
  v == null ? undefined : typeof v === 'object' && 'id' in (v as object) ? (v as { id: Id }).id : (v as Id)

export const asOption = (v: unknown): OptionDoc | null => (v && typeof v === 'object' && 'code' in (v as object) ? (v as OptionDoc) : null)
