/** The customer's orders, read as the customer (overrideAccess: false) and filtered to their own. */
import type { Order } from '@payload-types'
import type { Payload } from 'payload'

import type { Lang } from '../i18n'
import type { PortalUser } from './session'

/**
 * The order list's and the account home's columns only, with the controller's serial and model: at
 * depth 1 without a select, every order populated its customer, its items' options (whose read rule
 * lists all of the customer's controllers) and the whole controller.
 */
export async function listMyOrders(payload: Payload, user: PortalUser, lang: Lang, status?: Order['status']) {
  const res = await payload.find({
    collection: 'orders',
    where: status ? { and: [{ customer: { equals: user.id } }, { status: { equals: status } }] } : { customer: { equals: user.id } },
    sort: '-createdAt',
    depth: 1,
    select: { number: true, createdAt: true, controller: true, items: { code: true }, total: true, currency: true, status: true, bill: { dueAt: true } },
    populate: { controllers: { serial: true, model: true } },
    pagination: false,
    limit: 200,
    locale: lang,
    user,
    overrideAccess: false,
  })
  return res.docs
}

export async function getMyOrder(payload: Payload, user: PortalUser, id: string, lang: Lang): Promise<Order | null> {
  if (!/^[A-Za-z0-9_-]{1,40}$/.test(id)) return null
  try {
    const res = await payload.find({
      collection: 'orders',
      where: { and: [{ id: { equals: id } }, { customer: { equals: user.id } }] },
      depth: 1,
      limit: 1,
      locale: lang,
      user,
      overrideAccess: false,
    })
    return res.docs[0] ?? null
  } catch {
    return null
  }
}
