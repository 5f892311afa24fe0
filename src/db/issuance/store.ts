/**
 * Where issuance reads the controller and stores what it issued. Two implementations, one contract
 * (test/domain/issuance-store.test.ts runs the same cases against both):
 * - `sqliteIssuanceStore`: on the embedded SQLite default. One read and one atomic write (a single
 *   transaction for the license, its option rows, its audit entry, the counter, the changed option
 *   states and the owner's e-mail job) in raw SQL on Payload's own connection. Issuance is the hot path; this is what keeps it
 *   near the cost of a bare create (docs/performance.md).
 * - `adapterIssuanceStore`: through Payload's database adapter (`payload.db`), for any adapter
 *   (MongoDB in production). Several writes, ordered so that a crash between them is repaired by the
 *   next issuance (see issue-license.ts); the e-mail is queued last, through Payload's jobs API.
 */
import type { AuditEvent, Controller } from '@payload-types'
import type { Payload } from 'payload'

import { databaseKindOf } from '../raw'
import type { EmailMessage } from '@/mail/queue-email'
import { adapterIssuanceStore } from './mongodb'
import { sqliteIssuanceStore } from './sqlite'

export type Id = string | number
export type EntitlementState = NonNullable<Controller['entitlements']>[number]['state']

/** One row of the controller's entitlements array, with its option's code. */
export interface StoredEntitlement {
  id: string
  option: Id
  /** The option's code; undefined when the option no longer exists. */
  code: string | undefined
  state: EntitlementState
  order: Id | null
  source: 'purchase' | 'rental' | 'trial' | 'grant'
  /** End of the right; null: permanent. */
  until: string | null
  /** The end written into the latest license that carried the option. */
  licensedUntil: string | null
  grantedAt: string | null
  activatedAt: string | null
  reminded7: string | null
  reminded1: string | null
  remindedEnded: string | null
}

export interface ControllerForIssue {
  id: Id
  serial: string
  modelId: number
  model: string
  hardwareId: string
  owner: Id | null
  licenseSequence: number
  /** The license format its last request code asked for: 1 (PMX1) or 2 (PMX2). */
  licenseFormat: 1 | 2
  /** Until when firmware updates are covered (format 2 licenses carry it); null: no limit. */
  maintenanceUntil: string | null
  /** Its last request code's flag: the controller enforces option end dates (dated options need it). */
  enforcesOptionEndDates: boolean
  /** Codes of the options the controller left the factory with (always on). */
  factoryCodes: string[]
  entitlements: StoredEntitlement[]
  /** What its options rest on, read with it: issuance decides from this, never from the rows' states alone. */
  provenance: Provenance
}

/** The evidence behind a controller's options (src/domain/option-provenance.ts decides from it). */
export interface Provenance {
  /**
   * Codes bought outright (items without months) by this controller's `paid` orders that have payment
   * evidence: a row in `payments` for the order, or staff's mark-paid (`paidBy` and a non-empty
   * `paymentReference`).
   */
  paidCodes: string[]
  /** Its option terms that count: trials, staff grants and staff update periods, and the terms of paid orders with evidence (rentals, update plans). */
  terms: { code: string; kind: 'trial' | 'rental' | 'grant' | 'updates'; until: string }[]
}

/** A controller's latest license as "license needed" compares it: its options and its signing key's status now. */
export interface LatestLicense {
  id: Id
  sequence: number
  kid: string
  options: string[]
  /** The signing key's status now ('active', 'retired', 'revoked', …); null when the key is unknown. */
  keyStatus: string | null
}

export interface LicenseRow {
  licenseId: string
  controller: Id
  serial: string
  sequence: number
  options: string[]
  /** 1 or 2 (docs/license-format.md). */
  format: 1 | 2
  kid: string
  alg: string
  sha256: string
  issuedAt: string
  issuedBy: Id | null
  file: string
  /** Format 2: the number of the revocation list the file carries; null: none (or format 1). */
  revocationListNumber: number | null
}

export interface IssuedRecord {
  controller: ControllerForIssue
  license: LicenseRow
  /** The audit entry; its subject is the stored license. */
  audit: Omit<AuditEvent, 'id' | 'subjectId'>
  /** Every entitlement row as it is after this license (the controller's whole array). */
  entitlements: StoredEntitlement[]
  /** The rows among them whose state or activation time changed. */
  changed: StoredEntitlement[]
  /** The owner's "new license" e-mail, when they have an address. */
  mail: EmailMessage | null
  now: string
  /** The firmware-updates end the license carries (format 2), or null. */
  licensedMaintenanceUntil: string | null
}

export interface IssuanceStore {
  readController(id: Id): Promise<ControllerForIssue | null>
  /** The controller's latest license (highest sequence) with its key's status now, or null. */
  latestLicense(controllerId: Id): Promise<LatestLicense | null>
  /** The highest sequence stored for the controller (0: none). */
  lastStoredSequence(controllerId: Id): Promise<number>
  /**
   * Stores the license, its audit entry, the controller's counter (= the license's sequence) and the
   * changed option states, and queues the e-mail; returns the license's id. Throws when (controller,
   * sequence) is taken.
   */
  storeIssued(record: IssuedRecord): Promise<Id>
}

/** The store for this database: raw SQL on SQLite, the adapter otherwise. */
export function issuanceStore(payload: Payload): IssuanceStore {
  return databaseKindOf(payload.db) === 'sqlite' ? sqliteIssuanceStore(payload) : adapterIssuanceStore(payload)
}
