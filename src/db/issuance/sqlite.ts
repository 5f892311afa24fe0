/**
 * Issuance on the embedded SQLite default, in raw SQL on Payload's own connection (its WAL, busy
 * timeout and SQLITE_SYNCHRONOUS settings): the controller with its option codes in one statement,
 * and everything an issued license changes in one transaction — the license and its option rows, its
 * audit entry, the controller's counter, the option states that changed and the owner's e-mail job.
 * All or nothing: no crash can leave a license without its audit entry or its e-mail, or the counter
 * behind its licenses.
 *
 * The tables and columns are the ones Payload derives from the collections (migrations/ creates
 * them); test/domain/issuance-store.test.ts checks both stores against each other through Payload's
 * own reads, so a schema change that this file missed fails there.
 */
import type { Payload } from 'payload'

import { sqliteClient, type RawStatement } from '../raw'
import { sendEmailInput } from '@/mail/queue-email'
import type { ControllerForIssue, IssuanceStore, IssuedRecord, Provenance, StoredEntitlement } from './store'

/**
 * An order's payment evidence (order alias `o`): a payment row the webhook stored for it, or staff's
 * mark-paid, which records who (paidBy) and the bank reference (hooks/checkOrderStatusChange.ts).
 */
const PAYMENT_EVIDENCE = `(exists (select 1 from payments p where p.order_id = o.id) or (o.paid_by_id is not null and trim(coalesce(o.payment_reference, '')) <> ''))`

/**
 * The controller with its option codes, and what those options rest on (src/domain/option-provenance.ts):
 * the codes bought outright by its paid orders with evidence, and the option terms that count (no
 * order and not a rental — trials, staff grants and update periods, which only the domain writes — or
 * a paid order of this controller with evidence). Issuance decides from these, not from the rows' states.
 */
const READ_CONTROLLER = `
select c.id, c.serial, c.model_id, c.model, c.hardware_id, c.owner_id, c.license_sequence, c.license_format, c.maintenance_until, c.enforces_option_end_dates,
  (select json_group_array(o.code) from controllers_rels r join options o on o.id = r.options_id
    where r.parent_id = c.id and r.path = 'factoryOptions') as factory_codes,
  (select json_group_array(json_object('id', e.id, 'option', e.option_id, 'code', o.code, 'state', e.state,
      'order', e.order_id, 'source', e.source, 'until', e.until, 'licensedUntil', e.licensed_until, 'grantedAt', e.granted_at, 'activatedAt', e.activated_at,
      'reminded7', e.reminded7, 'reminded1', e.reminded1, 'remindedEnded', e.reminded_ended))
    from (select * from controllers_entitlements where _parent_id = c.id order by _order) e
    left join options o on o.id = e.option_id) as entitlements,
  (select json_group_array(io.code) from orders o join orders_items i on i._parent_id = o.id join options io on io.id = i.option_id
    where o.controller_id = c.id and o.status = 'paid' and coalesce(i.months, 0) = 0 and ${PAYMENT_EVIDENCE}) as paid_codes,
  (select json_group_array(json_object('code', tp.code, 'kind', t.kind, 'until', t.until))
    from option_terms t join options tp on tp.id = t.option_id
    where t.controller_id = c.id and ((t.order_id is null and t.kind <> 'rental')
      or exists (select 1 from orders o where o.id = t.order_id and o.controller_id = c.id and o.status = 'paid' and ${PAYMENT_EVIDENCE}))) as terms
from controllers c where c.id = ?`

/** The latest license of a controller, its option codes in order and its signing key's status now. */
const LATEST_LICENSE = `
select l.id, l.sequence, l.kid, (select k.status from signing_keys k where k.kid = l.kid) as key_status,
  (select json_group_array(x.text) from (select t.text from licenses_texts t where t.parent_id = l.id and t.path = 'options' order by t."order") x) as options
from licenses l where l.controller_id = ? order by l.sequence desc limit 1`

const INSERT_LICENSE = `
insert into licenses (license_id, controller_id, serial, sequence, format, kid, alg, sha256, issued_at, issued_by_id, file, revocation_list_number, updated_at, created_at)
values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) returning id`

/** The license's option codes as Payload stores a text field with hasMany: one row each, ordered from 1. */
const INSERT_LICENSE_OPTIONS = `
insert into licenses_texts ("order", parent_id, path, text)
select j.key + 1, l.id, 'options', j.value from licenses l, json_each(?) j where l.controller_id = ? and l.sequence = ?`

const INSERT_AUDIT = `
insert into audit_events (action, at, actor_id, actor_label, subject_collection, subject_id, summary, before, after, updated_at, created_at)
select ?, ?, ?, ?, ?, cast(l.id as text), ?, ?, ?, ?, ? from licenses l where l.controller_id = ? and l.sequence = ?`

const UPDATE_COUNTER = `update controllers set license_sequence = ?, licensed_maintenance_until = ?, updated_at = ? where id = ?`

const UPDATE_ENTITLEMENT = `update controllers_entitlements set state = ?, activated_at = ?, licensed_until = ? where id = ? and _parent_id = ?`

/** Payload's jobs table, as `payload.jobs.queue` fills it for a task; the job runner sends the mail. */
const QUEUE_EMAIL = `
insert into payload_jobs (input, task_slug, queue, total_tried, has_error, processing, updated_at, created_at)
values (?, 'sendEmail', 'default', 0, 0, 0, ?, ?)`

const LAST_SEQUENCE = `select max(sequence) as last from licenses where controller_id = ?`

/** Every statement this store runs (test/domain/issuance-store.test.ts checks their query plans). */
export const ISSUANCE_SQL = { READ_CONTROLLER, LATEST_LICENSE, INSERT_LICENSE, INSERT_LICENSE_OPTIONS, INSERT_AUDIT, UPDATE_COUNTER, UPDATE_ENTITLEMENT, QUEUE_EMAIL, LAST_SEQUENCE }

type Arg = string | number | null
const json = (value: unknown): string | null => (value == null ? null : JSON.stringify(value))

export function sqliteIssuanceStore(payload: Payload): IssuanceStore {
  const db = sqliteClient(payload.db)

  return {
    async readController(id) {
      const { rows } = await db.execute({ sql: READ_CONTROLLER, args: [id as Arg] })
      const r = rows[0]
      if (!r) return null
      const controller: ControllerForIssue = {
        id: r.id as number,
        serial: r.serial as string,
        modelId: Number(r.model_id),
        model: r.model as string,
        hardwareId: r.hardware_id as string,
        owner: (r.owner_id as number | null) ?? null,
        licenseSequence: Number(r.license_sequence ?? 0),
        licenseFormat: Number(r.license_format) === 2 ? 2 : 1,
        maintenanceUntil: (r.maintenance_until as string | null) ?? null,
        enforcesOptionEndDates: Number(r.enforces_option_end_dates ?? 0) === 1,
        factoryCodes: (JSON.parse(String(r.factory_codes)) as (string | null)[]).filter((c): c is string => Boolean(c)),
        entitlements: (JSON.parse(String(r.entitlements)) as StoredEntitlement[]).map((e) => ({ ...e, code: e.code ?? undefined, source: e.source ?? 'purchase' })),
        provenance: {
          paidCodes: (JSON.parse(String(r.paid_codes)) as (string | null)[]).filter((c): c is string => Boolean(c)),
          terms: (JSON.parse(String(r.terms)) as Provenance['terms']).filter((t) => t.code && t.until),
        },
      }
      return controller
    },

    async latestLicense(controllerId) {
      const { rows } = await db.execute({ sql: LATEST_LICENSE, args: [controllerId as Arg] })
      const r = rows[0]
      if (!r) return null
      return {
        id: r.id as number,
        sequence: Number(r.sequence),
        kid: r.kid as string,
        keyStatus: (r.key_status as string | null) ?? null,
        options: (JSON.parse(String(r.options)) as (string | null)[]).filter((c): c is string => Boolean(c)),
      }
    },

    async lastStoredSequence(controllerId) {
      const { rows } = await db.execute({ sql: LAST_SEQUENCE, args: [controllerId as Arg] })
      return Number(rows[0]?.last ?? 0)
    },

    async storeIssued({ controller, license: l, audit: a, changed, mail, now, licensedMaintenanceUntil }: IssuedRecord) {
      const key = [l.controller as Arg, l.sequence]
      const stmts: RawStatement[] = [
        { sql: INSERT_LICENSE, args: [l.licenseId, l.controller as Arg, l.serial, l.sequence, l.format, l.kid, l.alg, l.sha256, l.issuedAt, l.issuedBy as Arg, l.file, l.revocationListNumber, now, now] },
        ...(l.options.length > 0 ? [{ sql: INSERT_LICENSE_OPTIONS, args: [JSON.stringify(l.options), ...key] }] : []),
        { sql: INSERT_AUDIT, args: [a.action, a.at, a.actor as Arg, a.actorLabel ?? null, a.subjectCollection, a.summary, json(a.before), json(a.after), a.updatedAt, a.createdAt, ...key] },
        { sql: UPDATE_COUNTER, args: [l.sequence, licensedMaintenanceUntil, now, controller.id as Arg] },
        ...changed.map((e) => ({ sql: UPDATE_ENTITLEMENT, args: [e.state, e.activatedAt, e.licensedUntil, e.id, controller.id as Arg] })),
        ...(mail ? [{ sql: QUEUE_EMAIL, args: [JSON.stringify(sendEmailInput(mail)), now, now] }] : []),
      ]
      const [inserted] = await db.batch(stmts, 'write')
      return inserted.rows[0].id as number
    },
  }
}
