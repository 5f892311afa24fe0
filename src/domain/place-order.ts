/**
 * Placing an order for options on one controller: the server decides what may be bought and at what
 * price (client prices, totals and status are ignored), creates the bill and adds the options to
 * the controller as awaiting payment.
 */
import type { Order } from '@payload-types'
import type { Payload, PayloadRequest } from 'payload'

import { isStaff, sameId } from '@/access/roles'
import { paymentTermDays, seller } from '@/config/seller'
import { queueEmail } from '@/mail/queue-email'
import { recordAudit } from './audit'
import { entitlementForSave, optionCode, populated, refId } from './documents'
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
  if (!Array.isArray(body.items) || body.items.length === 0) throw badRequest('"items" must list at least one option: [{"option": id}].')
  if (body.items.length > 50) throw badRequest('At most 50 options in one order.')
  const optionIds = body.items.map((item, i) => {
    const id = item && typeof item === 'object' ? parseId(payload, (item as { option?: unknown }).option) : null
    if (id === null) throw badRequest(`items[${i}].option must be an option id.`)
    return id
  })
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
    const owned = new Set([
      ...(controller.factoryOptions ?? []).map(optionCode),
      ...(controller.entitlements ?? []).map((e) => optionCode(e.option)),
    ])
    const options = optionIds.map((id) => {
      const o = byId.get(String(id))
      if (!o) throw unprocessable(`Option ${id} does not exist.`)
      if (!o.onSale) throw unprocessable(`Option ${o.code} is not on sale.`, { option: o.code })
      if (!(o.modelIds ?? []).includes(controller.modelId)) throw unprocessable(`Option ${o.code} does not fit the ${controller.model} (model ${controller.modelId}).`, { option: o.code })
      if (owned.has(o.code)) throw unprocessable(`Controller ${controller.serial} already has option ${o.code} (bought, ordered or included).`, { option: o.code })
      return o
    })
    const currency = options[0].currency
    if (options.some((o) => o.currency !== currency)) throw unprocessable('These options are priced in different currencies; order them separately.')

    const now = new Date()
    const total = options.reduce((sum, o) => sum + o.price, 0)
    const orderData = (number: string): Omit<Order, 'id' | 'createdAt' | 'updatedAt'> => ({
      number,
      customer: ownerId,
      controller: controller.id,
      items: options.map((o) => ({ option: o.id, code: o.code, name: o.name, unitPrice: o.price, currency: o.currency })),
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
      data: {
        entitlements: [
          ...(controller.entitlements ?? []).map(entitlementForSave),
          ...options.map((o) => ({ option: o.id, state: 'awaiting_payment' as const, order: order.id, grantedAt: null, activatedAt: null })),
        ],
      },
    })
    const codes = options.map((o) => o.code)
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
          items: options.map((o) => ({ code: o.code, name: o.name, unitPrice: o.price, currency: o.currency })),
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
