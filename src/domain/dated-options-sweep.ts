/**
 * The server side of options with end dates, run by the `datedOptionsSweep` job (src/jobs/dated-options-sweep.ts)
 * every DATED_OPTIONS_SWEEP_MINUTES: for each controller with a dated option due, under the
 * controller's lock,
 * 1. rows whose end has passed and that are still available or on become `ended` (every check already
 *    treats them so, `stateAt`; this makes the stored state say it too), each with an audit entry;
 * 2. the reminders of trials, rentals and staff grants: 7 days and 1 day before the end, and once it has
 *    ended, each at most once per end (the row's markers hold the end each was sent for, so a renewal
 *    gets its own), in the owner's language. Marker and mail are written together (src/db/reminders).
 *
 * Which reminder, when (docs/news-and-mail.md, "Options with end dates"):
 * - only the most relevant one that is due: with 1 day or less left the 1-day one (a 7-day reminder
 *   not sent in time is never sent late), with the end passed the "ended" one;
 * - a reminder whose moment came before the end was set is skipped (a 7-day trial gets no "7 days
 *   left" at its start, a staff extension of 3 days no 7-day reminder);
 * - the "ended" mail only within ENDED_MAIL_DAYS of the end (a server down longer sends none), and
 *   not when staff ended the option early (they tell the customer, with their reason);
 * - purchases (no end) and update plans (not a row) get none; controllers without an owner none.
 */
import type { Option, OptionTerm, User } from '@payload-types'
import type { Payload } from 'payload'

import { datedOptionsStore, REMINDED_SOURCES, USABLE_STATES, type DatedController, type DatedOptionsStore, type DatedRow, type Id, type ReminderMarker, type RowState } from '@/db/reminders'
import type { EmailMessage } from '@/mail/queue-email'
import { langOf } from '@/i18n/languages'
import type { DatedOptionMailContext } from '@templates/dated-option'
import type { OptionEndingContext } from '@templates/option-ending'
import { recordAudit } from './audit'
import { DAY_MS, daysLeft } from './dates'
import { termsOf } from './dated-options'
import { refId } from './documents'
import { withLock } from './keyed-mutex'

/** How long before the end each advance reminder is due. */
export const REMINDER_LEAD_DAYS = { reminded7: 7, reminded1: 1 } as const
/** The "ended" mail goes out only this many days after the end at most. */
export const ENDED_MAIL_DAYS = 7
/**
 * How far back a regular run looks for rows to end: ends pass between two runs minutes apart, so a week
 * covers any stop of the sweep up to a week. The full pass (the first run after a job runner starts,
 * then once a day) looks at every past end, for ends set into the past in the admin or by a refund.
 */
export const LOOKBACK_DAYS = 7
/** Controllers per sweep job; more are left to the next job of the chain, queued at once. */
export const SWEEP_PAGE_SIZE = 200

type RemindedSource = (typeof REMINDED_SOURCES)[number]
const isReminded = (s: DatedRow['source']): s is RemindedSource => REMINDED_SOURCES.some((r) => r === s)
const isUsable = (s: RowState) => USABLE_STATES.some((u) => u === s)
/** Whether two stored times are the same instant (a marker holds the end it was sent for). */
const sameInstant = (a: string | null | undefined, b: string | null | undefined) => a != null && b != null && Date.parse(a) === Date.parse(b)

/** The reminder due for a row at `now`, if any: the most relevant stage whose marker is not set for the row's end. */
export function dueReminder(row: Pick<DatedRow, 'state' | 'source' | 'until' | 'reminded7' | 'reminded1' | 'remindedEnded'>, now: Date): ReminderMarker | null {
  if (!isReminded(row.source) || row.state === 'awaiting_payment') return null
  const end = Date.parse(row.until)
  const left = end - now.getTime()
  if (left <= 0) return -left < ENDED_MAIL_DAYS * DAY_MS && !sameInstant(row.remindedEnded, row.until) ? 'remindedEnded' : null
  if (!isUsable(row.state)) return null
  if (left <= REMINDER_LEAD_DAYS.reminded1 * DAY_MS) return sameInstant(row.reminded1, row.until) ? null : 'reminded1'
  if (left <= REMINDER_LEAD_DAYS.reminded7 * DAY_MS) return sameInstant(row.reminded7, row.until) || sameInstant(row.reminded1, row.until) ? null : 'reminded7'
  return null
}

/**
 * Why a due reminder is not sent, judged from the option terms that set the row's end (null: send it).
 * Without such a term (an end typed into the admin) it is sent.
 */
export function skipReason(marker: ReminderMarker, until: string, terms: Pick<OptionTerm, 'until' | 'createdAt' | 'endedEarlyAt'>[]): string | null {
  const setting = terms.filter((t) => sameInstant(t.until, until))
  if (setting.length === 0) return null
  if (marker === 'remindedEnded') return setting.every((t) => t.endedEarlyAt) ? 'ended early by staff' : null
  const moment = Date.parse(until) - REMINDER_LEAD_DAYS[marker] * DAY_MS
  const setAt = Math.max(...setting.map((t) => Date.parse(t.createdAt)))
  return moment <= setAt ? `the end was set less than ${REMINDER_LEAD_DAYS[marker]} day(s) before it` : null
}

export interface SweepCounts {
  /** Controllers looked at. */
  controllers: number
  ended: number
  reminded7: number
  reminded1: number
  remindedEnded: number
  /** Controllers whose sweep failed (logged; the next sweep tries them again). */
  failed: number
}

export interface SweepPage extends SweepCounts {
  /** Set when there may be more controllers after this page: the last one looked at. */
  nextAfterId: Id | null
}

type Contact = Pick<User, 'email' | 'name' | 'language'>

/** One sweep page at `now`: up to `limit` controllers after `afterId`, in id order; `full`: rows to end of any age. */
export async function sweepDatedOptions(
  payload: Payload,
  { now, afterId = null, limit = SWEEP_PAGE_SIZE, full = false }: { now: Date; afterId?: Id | null; limit?: number; full?: boolean },
  store: DatedOptionsStore = datedOptionsStore(payload),
): Promise<SweepPage> {
  const window = {
    now: now.toISOString(),
    endFrom: full ? null : new Date(now.getTime() - LOOKBACK_DAYS * DAY_MS).toISOString(),
    endedMailFrom: new Date(now.getTime() - ENDED_MAIL_DAYS * DAY_MS).toISOString(),
    dayAhead: new Date(now.getTime() + REMINDER_LEAD_DAYS.reminded1 * DAY_MS).toISOString(),
    weekAhead: new Date(now.getTime() + REMINDER_LEAD_DAYS.reminded7 * DAY_MS).toISOString(),
  }
  const ids = await store.candidates(window, afterId, limit)
  const counts: SweepCounts = { controllers: ids.length, ended: 0, reminded7: 0, reminded1: 0, remindedEnded: 0, failed: 0 }
  for (const id of ids) {
    try {
      await withLock(`controller:${id}`, () => sweepController(payload, store, id, now, counts))
    } catch (err) {
      counts.failed += 1
      payload.logger.error({ err, controller: id }, 'dated-options sweep: this controller failed; the next sweep tries it again')
    }
  }
  return { ...counts, nextAfterId: ids.length === limit ? ids[ids.length - 1] : null }
}

async function sweepController(payload: Payload, store: DatedOptionsStore, id: Id, now: Date, counts: SweepCounts): Promise<void> {
  const controller = await store.read(id)
  if (!controller) return
  const nowIso = now.toISOString()

  const due = controller.rows.filter((r) => isUsable(r.state) && Date.parse(r.until) <= now.getTime())
  const ended = await store.end(controller.id, due, nowIso)
  counts.ended += ended.length
  if (ended.length) await auditEnded(payload, controller, ended)

  if (controller.owner == null) return
  let owner: Contact | null | undefined
  for (const row of controller.rows) {
    const marker = dueReminder(row, now)
    if (!marker) continue
    if (skipReason(marker, row.until, await termsOf(payload, controller.id, row.option))) continue
    owner ??= await contactOf(payload, controller.owner)
    const email = owner?.email
    if (!owner || !email) return
    const mail = await reminderMail(payload, controller, row, marker, { ...owner, email }, now)
    if (!mail) continue
    const states: RowState[] = marker === 'remindedEnded' ? ['available', 'active', 'ended'] : [...USABLE_STATES]
    if (await store.remind(controller.id, row, marker, states, mail, nowIso)) counts[marker] += 1
  }
}

async function auditEnded(payload: Payload, controller: DatedController, rows: DatedRow[]): Promise<void> {
  const codes = await optionCodes(payload, rows.map((r) => r.option))
  for (const row of rows) {
    const code = codes.get(String(row.option)) ?? String(row.option)
    await recordAudit(payload, {
      action: 'option.ended',
      subject: { collection: 'controllers', id: controller.id },
      summary: `${code} on controller ${controller.serial} ended: its ${row.source === 'trial' ? 'free trial' : row.source === 'rental' ? 'rental' : row.source === 'grant' ? 'grant' : 'term'} ran until ${row.until}`,
      before: { option: code, state: row.state },
      after: { option: code, state: 'ended', until: row.until },
    })
  }
}

async function optionCodes(payload: Payload, ids: Id[]): Promise<Map<string, string>> {
  const found = await payload.find({ collection: 'options', where: { id: { in: ids } }, select: { code: true }, limit: 0, pagination: false, depth: 0, overrideAccess: true })
  return new Map(found.docs.map((o) => [String(o.id), o.code]))
}

async function contactOf(payload: Payload, userId: Id): Promise<Contact | null> {
  const found = await payload.find({ collection: 'users', where: { id: { equals: userId } }, select: { email: true, name: true, language: true }, limit: 1, depth: 0, overrideAccess: true })
  return found.docs[0] ?? null
}

/** The option-ending or option-ended mail for a row; null when its option no longer exists. */
async function reminderMail(payload: Payload, controller: DatedController, row: DatedRow, marker: ReminderMarker, owner: Contact & { email: string }, now: Date): Promise<EmailMessage | null> {
  if (!isReminded(row.source)) return null
  const lang = langOf(owner.language)
  const found = await payload.find({ collection: 'options', where: { id: { equals: row.option } }, limit: 1, depth: 0, overrideAccess: true, locale: lang })
  const option = found.docs[0]
  if (!option) return null
  const periods = (option.rentalPeriods ?? []).map((p) => p.months)
  const onSale = option.onSale !== false
  const canRent = onSale && periods.length > 0
  const context: DatedOptionMailContext = {
    name: owner.name ?? '',
    serial: controller.serial,
    controllerId: String(controller.id),
    code: option.code,
    optionName: option.name,
    until: new Date(row.until).toISOString(),
    source: row.source,
    renewMonths: row.source === 'rental' && canRent ? await renewalMonths(payload, controller.id, option, periods) : null,
    canBuy: onSale && option.sellOutright !== false,
    canRent,
  }
  if (marker === 'remindedEnded') return { template: 'option-ended', to: owner.email, lang, context: { ...context } }
  const ending: OptionEndingContext = { ...context, daysLeft: daysLeft(row.until, now) }
  return { template: 'option-ending', to: owner.email, lang, context: { ...ending } }
}

/** The period a one-click renewal orders: the one rented last while the option still offers it, else its shortest. */
async function renewalMonths(payload: Payload, controllerId: Id, option: Option, periods: number[]): Promise<number> {
  const last = await payload.find({
    collection: 'option-terms',
    where: { and: [{ controller: { equals: controllerId } }, { option: { equals: option.id } }, { kind: { equals: 'rental' } }, { order: { exists: true } }] },
    sort: '-createdAt',
    limit: 1,
    depth: 0,
    overrideAccess: true,
  })
  const orderId = refId(last.docs[0]?.order)
  if (orderId != null) {
    const order = await payload.find({ collection: 'orders', where: { id: { equals: orderId } }, select: { items: true }, limit: 1, depth: 0, overrideAccess: true })
    const months = order.docs[0]?.items?.find((i) => String(refId(i.option)) === String(option.id))?.months
    if (months && periods.includes(months)) return months
  }
  return Math.min(...periods)
}
