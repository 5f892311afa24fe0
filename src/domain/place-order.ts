/**
 * Placing an order for options on one controller: the server decides what may be bought or rented
 * and at what price (client prices, totals and status are ignored), creates the bill and adds the
 * options ordered for the first time to the controller as awaiting payment. An item with `months`
 * rents the option (or, for an update plan, buys that much cover) for one of its rental periods;
 * renting an option that is rented now renews it from its current end once paid.
 */
import type { Controller, Option, Order } from '@payload-types'
import type { Payload, PayloadRequest } from 'payload'

import { isStaff, sameId } from '@/access/roles'
import { paymentTermDays, seller } from '@/config/seller'
import { queueEmail } from '@/mail/queue-email'
import { recordAudit } from './audit'
import { now as clock } from './clock'
import { canEnforceEndDates, END_DATES_UNSUPPORTED, isUpdatesPlan, rowFor, stateAt } from './dated-options'
import { entitlementForSave, optionCode, populated, refId, type Entitlement, type Id } from './documents'
import { badRequest, notFound, unprocessable } from './errors'
import { parseId } from './ids'
import { withLock } from './keyed-mutex'
import { nextOrderNumber } from './order-number'
import { langOf } from '@/i18n/languages'

/** The unique index refused `path`'s value (Payload reports it as a ValidationError on that field, on SQLite and MongoDB). */
function refusedAsDuplicate(err: unknown, path: string): boolean {
  const e = err as { name?: string; data?: { errors?: { path?: string }[] } } | null
  return e?.name === 'ValidationError' && !!e.data?.errors?.some((f) => f.path === path)
}

export async function placeOrder(payload: Payload, req: PayloadRequest, body: Record<string, unknown>) {
  const user = req.user
  if (!user) throw badRequest('Please log in first.')
  const controllerId = parseId(payload, body.controller)
  if (controllerId === null) throw badRequest('"controller" must be the id of one of your controllers.')
  if (!Array.isArray(body.items) || body.items.length === 0) throw badRequest('"items" must list at least one option: [{"option": id}] (add "months" to rent it).')
  if (body.items.length > 50) throw badRequest('At most 50 options in one order.')
  const requested = body.items.map((item, i) => {
    const fields: { option?: unknown; months?: unknown } = item && typeof item === 'object' ? item : {}
    const id = parseId(payload, fields.option)
    if (id === null) throw badRequest(`items[${i}].option must be an option id.`)
    if (fields.months !== undefined && fields.months !== null && (!Number.isInteger(fields.months) || (fields.months as number) < 1 || (fields.months as number) > 60)) {
      throw badRequest(`items[${i}].months must be a whole number of months (a rental period the option offers), or left out to buy it outright.`)
    }
    return { id, months: typeof fields.months === 'number' ? fields.months : null }
  })
  const optionIds = requested.map((r) => r.id)
  if (new Set(optionIds.map(String)).size !== optionIds.length) throw badRequest('An option is listed twice in this order.')

  const missing = notFound('No such controller in your account.')
  return withLock(`controller:${controllerId}`, async () => {
    const found = await payload.find({ collection: 'controllers', where: { id: { equals: controllerId } }, limit: 1, depth: 1, overrideAccess: true })
    const controller = found.docs[0]
    if (!controller) throw missing
    const ownerId = refId(controller.owner)
    if (ownerId == null) throw unprocessable(`Controller ${controller.serial} is not registered to a customer yet.`)
    if (!isStaff(user) && !sameId(ownerId, user.id)) throw missing
    const owner = populated(controller.owner)

    const optionsFound = await payload.find({ collection: 'options', where: { id: { in: optionIds } }, limit: optionIds.length, depth: 0, overrideAccess: true, locale: langOf(owner?.language) })
    const byId = new Map(optionsFound.docs.map((o) => [String(o.id), o]))
    const factory = new Set((controller.factoryOptions ?? []).map(optionCode))
    const now = clock()
    const options = requested.map(({ id, months }) => {
      const o = byId.get(String(id))
      if (!o) throw unprocessable(`Option ${id} does not exist.`)
      if (!o.onSale) throw unprocessable(`Option ${o.code} is not on sale.`, { option: o.code })
      if (!(o.modelIds ?? []).includes(controller.modelId)) throw unprocessable(`Option ${o.code} does not fit the ${controller.model} (model ${controller.modelId}).`, { option: o.code })
      if (factory.has(o.code)) throw unprocessable(`Controller ${controller.serial} already has option ${o.code} (included with the controller).`, { option: o.code })
      return { option: o, months, price: priceOf(o, months, controller), row: checkOrderable(o, months, controller, now) }
    })
    const currency = options[0].option.currency
    if (options.some((o) => o.option.currency !== currency)) throw unprocessable('These options are priced in different currencies; order them separately.')

    const total = options.reduce((sum, o) => sum + o.price, 0)
    const orderData = (number: string): Omit<Order, 'id' | 'createdAt' | 'updatedAt'> => ({
      number,
      customer: ownerId,
      controller: controller.id,
      items: options.map(({ option: o, months, price }) => ({ option: o.id, code: o.code, name: o.name, unitPrice: price, currency: o.currency, months })),
      total,
      currency,
      status: 'awaiting_payment',
      entitlementsSynced: true,
      placedBy: user.id,
      bill: {
        seller: seller(),
        buyer: { name: owner?.name ?? '', email: owner?.email ?? '', phone: owner?.phone ?? '' },
        issuedAt: now.toISOString(),
        dueAt: new Date(now.getTime() + paymentTermDays() * 86400000).toISOString(),
        paymentReference: number,
      },
    })
    // Two orders placed at the same moment (on other controllers, or in another process) can be given
    // the same next number; the unique index refuses the second, which then takes the number after.
    let order!: Order
    let number = ''
    for (let attempt = 1; ; attempt++) {
      number = await nextOrderNumber(payload, now)
      try {
        order = await payload.create({ collection: 'orders', overrideAccess: true, data: orderData(number) })
        break
      } catch (err) {
        if (attempt >= 10 || !refusedAsDuplicate(err, 'number')) throw err
      }
    }
    await payload.update({
      collection: 'controllers',
      id: controller.id,
      overrideAccess: true,
      depth: 0,
      data: { entitlements: entitlementsAfterOrder(controller.entitlements ?? [], options, order.id) },
    })
    const codes = options.map(({ option: o, months }) => (months ? `${o.code} (${months} months)` : o.code))
    await recordAudit(payload, { action: 'order.placed', subject: { collection: 'orders', id: order.id }, summary: `Order ${number} placed for controller ${controller.serial}: ${codes.join(', ')} (${total} ${currency})`, after: { number, controller: controller.id, customer: ownerId, options: codes, total, currency } }, req)
    if (owner?.email) {
      await queueEmail(payload, {
        template: 'order-placed',
        to: owner.email,
        lang: langOf(owner.language),
        context: {
          name: owner.name ?? '',
          orderId: String(order.id),
          number,
          serial: controller.serial,
          items: options.map(({ option: o, months, price }) => ({ code: o.code, name: o.name, unitPrice: price, currency: o.currency, months })),
          total,
          currency,
          seller: seller(),
          dueAt: order.bill?.dueAt ?? null,
        },
        attachments: [{ kind: 'bill-pdf', orderId: String(order.id) }],
      })
    }
    return order
  })
}

type Ordered = { option: Option; months: number | null; price: number; row: 'new' | 'reorder' | 'keep' }

/** The price of an item: the option's price outright, or the price of the rental period asked for. */
function priceOf(o: Option, months: number | null, controller: Pick<Controller, 'serial'>): number {
  if (months === null) {
    if (isUpdatesPlan(o)) throw unprocessable(`${o.code} is a firmware update plan: choose how many months of updates (${periodsOf(o)}).`, { option: o.code })
    if (o.sellOutright === false) throw unprocessable(`Option ${o.code} is rented, not sold outright: choose a rental period (${periodsOf(o)}).`, { option: o.code })
    return o.price
  }
  const period = (o.rentalPeriods ?? []).find((p) => p.months === months)
  if (!period) {
    throw unprocessable(
      o.rentalPeriods?.length
        ? `Option ${o.code} can be rented for ${periodsOf(o)}, not for ${months} months.`
        : `Option ${o.code} cannot be rented for controller ${controller.serial}; it is sold outright only.`,
      { option: o.code },
    )
  }
  return period.price
}

const periodsOf = (o: Option) => (o.rentalPeriods ?? []).map((p) => `${p.months} month${p.months === 1 ? '' : 's'}`).join(', ') || 'none'

/**
 * Whether the option may be ordered this way for the controller, and what that does to its row: a
 * new row, an ended row ordered again, or the row kept as it is (a renewal or an outright purchase of
 * an option rented now, applied when paid).
 */
function checkOrderable(o: Option, months: number | null, controller: Controller, now: Date): Ordered['row'] {
  if (isUpdatesPlan(o)) {
    if (controller.licenseFormat !== 2) throw unprocessable(END_DATES_UNSUPPORTED, { option: o.code, reason: 'end-dates-unsupported' })
    if (!controller.maintenanceUntil) throw unprocessable(`Firmware updates are not limited for controller ${controller.serial}: it needs no update plan.`, { option: o.code })
    return 'keep'
  }
  if (months !== null && !canEnforceEndDates(controller)) throw unprocessable(END_DATES_UNSUPPORTED, { option: o.code, reason: 'end-dates-unsupported' })
  const row = rowFor(controller, o.id)
  if (!row) return 'new'
  const state = stateAt(row, now)
  if (state === 'awaiting_payment') throw unprocessable(`Option ${o.code} is already ordered for controller ${controller.serial} and waits for payment.`, { option: o.code })
  if (state === 'ended') return 'reorder'
  if (!row.until) throw unprocessable(`Controller ${controller.serial} already has option ${o.code} (bought, ordered or included).`, { option: o.code })
  return 'keep'
}

function entitlementsAfterOrder(rows: Entitlement[], ordered: Ordered[], orderId: Id): Entitlement[] {
  const next = rows.map(entitlementForSave)
  for (const { option: o, months, row } of ordered) {
    if (row === 'keep') continue
    const fresh: Entitlement = { option: o.id, state: 'awaiting_payment', order: orderId, source: months ? 'rental' : 'purchase', until: null, grantedAt: null, activatedAt: null }
    const i = next.findIndex((r) => String(refId(r.option)) === String(o.id))
    if (i >= 0) {
      // An ended option ordered again keeps its earlier end as history until this order is paid or taken back.
      next[i] = { ...next[i], ...fresh, until: next[i].until ?? null, state: 'awaiting_payment' }
    } else next.push(fresh)
  }
  return next
}
