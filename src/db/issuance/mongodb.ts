/**
 * Issuance through Payload's database adapter (`payload.db`): any adapter, MongoDB in production.
 * No field hooks, access checks or re-reads: this module is the only writer of licenses, what it
 * writes is built from the stored controller, and the collections' own hooks for licenses and audit
 * entries only refuse updates and deletes (the controller fields written here have none).
 *
 * The writes are separate: the license first (its unique (controller, sequence) index is what makes
 * a sequence taken), then the audit entry, then the controller's counter and option states. A crash
 * in between leaves the counter behind, which the next issuance repairs (issue-license.ts). The e-mail
 * is queued last, through Payload's jobs API.
 */
import type { License, Option, OptionTerm, Order, Payment, SigningKey } from '@payload-types'
import type { Payload } from 'payload'

import { queueEmail } from '@/mail/queue-email'

import type { ControllerForIssue, EntitlementState, Id, IssuanceStore, IssuedRecord, Provenance, StoredEntitlement } from './store'

/** Every column of the controllers table: an adapter-level update that rewrites the entitlements array writes the whole row. */
const ROW_FIELDS = ['serial', 'modelId', 'model', 'hardwareId', 'owner', 'ownerEmail', 'claimedAt', 'installedSequence', 'licenseSequence', 'lastRequestAt', 'licenseFormat', 'revocationListNumber', 'enforcesOptionEndDates', 'maintenanceUntil', 'licensedMaintenanceUntil', 'notes', 'createdAt'] as const

type StoredRow = Record<(typeof ROW_FIELDS)[number], unknown> & {
  id: Id
  factoryOptions?: Id[] | null
  entitlements?: (Partial<Omit<StoredEntitlement, 'id' | 'option' | 'state' | 'code'>> & { id: string; option: Id; state: EntitlementState })[] | null
}

export function adapterIssuanceStore(payload: Payload): IssuanceStore {
  /** The stored row behind each controller read, for the whole-row update. */
  const rows = new WeakMap<ControllerForIssue, StoredRow>()

  async function optionCodes(ids: Id[]): Promise<Map<string, string>> {
    if (ids.length === 0) return new Map()
    const found = await payload.db.find<Pick<Option, 'id' | 'code'>>({ collection: 'options', where: { id: { in: ids } }, select: { code: true }, limit: 0, pagination: false })
    return new Map(found.docs.map((o) => [String(o.id), o.code]))
  }

  /**
   * What the controller's options rest on (the SQLite store's statement, as adapter reads): its paid
   * orders with payment evidence (a payment row, or staff's paidBy and reference) and the option terms
   * that count (no order and not a rental, or a paid order with evidence).
   */
  async function provenanceOf(controllerId: Id): Promise<{ paid: { optionId: Id }[]; terms: (Pick<OptionTerm, 'kind' | 'until'> & { optionId: Id })[] }> {
    type PaidOrder = Pick<Order, 'id' | 'items' | 'paymentReference'> & { paidBy?: Id | null }
    type Term = Pick<OptionTerm, 'kind' | 'until'> & { option: Id; order?: Id | null }
    const [orders, terms] = await Promise.all([
      payload.db.find<PaidOrder>({ collection: 'orders', where: { and: [{ controller: { equals: controllerId } }, { status: { equals: 'paid' } }] }, select: { items: true, paidBy: true, paymentReference: true }, limit: 0, pagination: false }),
      payload.db.find<Term>({ collection: 'option-terms', where: { controller: { equals: controllerId } }, select: { option: true, kind: true, until: true, order: true }, limit: 0, pagination: false }),
    ])
    const ids = orders.docs.map((o) => o.id)
    const payments = ids.length
      ? await payload.db.find<Pick<Payment, 'id'> & { order: Id }>({ collection: 'payments', where: { order: { in: ids } }, select: { order: true }, limit: 0, pagination: false })
      : { docs: [] }
    const withPayment = new Set(payments.docs.map((p) => String(p.order)))
    const evidenced = new Set(orders.docs.filter((o) => withPayment.has(String(o.id)) || (o.paidBy != null && String(o.paymentReference ?? '').trim() !== '')).map((o) => String(o.id)))
    const paid = orders.docs.filter((o) => evidenced.has(String(o.id))).flatMap((o) => (o.items ?? []).filter((i) => !i.months).map((i) => ({ optionId: i.option as Id })))
    const counted = terms.docs.filter((t) => (t.order == null ? t.kind !== 'rental' : evidenced.has(String(t.order))))
    return { paid, terms: counted.map((t) => ({ optionId: t.option, kind: t.kind, until: typeof t.until === 'string' ? t.until : new Date(t.until).toISOString() })) }
  }

  return {
    async readController(id) {
      const row = await payload.db.findOne<StoredRow>({
        collection: 'controllers',
        where: { id: { equals: id } },
        select: { ...Object.fromEntries(ROW_FIELDS.map((f) => [f, true])), factoryOptions: true, entitlements: true },
      })
      if (!row) return null
      const rawEntitlements = row.entitlements ?? []
      const evidence = await provenanceOf(row.id)
      const codes = await optionCodes([...new Set([...(row.factoryOptions ?? []), ...rawEntitlements.map((e) => e.option), ...evidence.paid.map((p) => p.optionId), ...evidence.terms.map((t) => t.optionId)].map(String))])
      const codeOf = (optionId: Id) => codes.get(String(optionId))
      const controller: ControllerForIssue = {
        id: row.id,
        serial: row.serial as string,
        modelId: Number(row.modelId),
        model: row.model as string,
        hardwareId: row.hardwareId as string,
        owner: (row.owner as Id | null | undefined) ?? null,
        licenseSequence: Number(row.licenseSequence ?? 0),
        licenseFormat: Number(row.licenseFormat) === 2 ? 2 : 1,
        maintenanceUntil: typeof row.maintenanceUntil === 'string' ? row.maintenanceUntil : row.maintenanceUntil instanceof Date ? row.maintenanceUntil.toISOString() : null,
        enforcesOptionEndDates: row.enforcesOptionEndDates === true,
        factoryCodes: (row.factoryOptions ?? []).map(codeOf).filter((c): c is string => Boolean(c)),
        entitlements: rawEntitlements.map((e) => ({
          id: e.id,
          option: e.option,
          code: codeOf(e.option),
          state: e.state,
          order: e.order ?? null,
          source: e.source ?? 'purchase',
          until: e.until ?? null,
          licensedUntil: e.licensedUntil ?? null,
          grantedAt: e.grantedAt ?? null,
          activatedAt: e.activatedAt ?? null,
          reminded7: e.reminded7 ?? null,
          reminded1: e.reminded1 ?? null,
          remindedEnded: e.remindedEnded ?? null,
        })),
        provenance: {
          paidCodes: evidence.paid.map((p) => codeOf(p.optionId)).filter((c): c is string => Boolean(c)),
          terms: evidence.terms.flatMap((t): Provenance['terms'] => {
            const code = codeOf(t.optionId)
            return code ? [{ code, kind: t.kind, until: t.until }] : []
          }),
        },
      }
      rows.set(controller, row)
      return controller
    },

    async latestLicense(controllerId) {
      const found = await payload.db.find<Pick<License, 'id' | 'sequence' | 'kid' | 'options'>>({ collection: 'licenses', where: { controller: { equals: controllerId } }, sort: '-sequence', limit: 1, pagination: false, select: { sequence: true, kid: true, options: true } })
      const l = found.docs[0]
      if (!l) return null
      const key = await payload.db.findOne<Pick<SigningKey, 'id' | 'status'>>({ collection: 'signing-keys', where: { kid: { equals: l.kid } }, select: { status: true } })
      return { id: l.id, sequence: Number(l.sequence), kid: l.kid, options: l.options ?? [], keyStatus: key?.status ?? null }
    },

    async lastStoredSequence(controllerId) {
      const last = await payload.db.find<Pick<License, 'sequence'>>({ collection: 'licenses', where: { controller: { equals: controllerId } }, sort: '-sequence', limit: 1, pagination: false, select: { sequence: true } })
      return Number(last.docs[0]?.sequence ?? 0)
    },

    async storeIssued({ controller, license, audit, entitlements, changed, mail, now, licensedMaintenanceUntil }: IssuedRecord) {
      const stored = await payload.db.create({
        collection: 'licenses',
        select: { id: true },
        data: { ...license, createdAt: now, updatedAt: now },
      })
      await payload.db.create({ collection: 'audit-events', returning: false, data: { ...audit, subjectId: String(stored.id) } })
      const row = rows.get(controller)
      if (changed.length > 0 && !row) throw new Error('adapterIssuanceStore: the controller was not read by this store')
      await payload.db.updateOne({
        collection: 'controllers',
        id: controller.id,
        // Array rows keep their ids: the adapter writes them as given (the operation layer would add ids).
        data:
          changed.length > 0
            ? { ...Object.fromEntries(ROW_FIELDS.map((f) => [f, row![f] ?? null])), licenseSequence: license.sequence, licensedMaintenanceUntil, entitlements: entitlements.map(forSave), updatedAt: now }
            : { licenseSequence: license.sequence, licensedMaintenanceUntil, updatedAt: now },
        returning: false,
      })
      if (mail) await queueEmail(payload, mail)
      return stored.id
    },
  }
}

const forSave = ({ code: _code, ...row }: StoredEntitlement) => row
