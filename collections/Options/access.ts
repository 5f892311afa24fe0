import type { Access } from 'payload'

import { isStaff } from '@/access/roles'
import { refId, type Id } from '@/domain/documents'
import { ownedBy } from '../Controllers/access'

/**
 * Staff read the whole catalogue. Everybody reads what is on sale; a customer also reads the options
 * their own controllers carry (factory options and ones bought before they went off sale), so their
 * controller pages can name every option in their licenses.
 */
export const readOptions: Access = async ({ req }) => {
  const { user } = req
  if (isStaff(user)) return true
  const onSale = { onSale: { equals: true } }
  if (!user) return onSale
  const owned = await req.payload.find({
    collection: 'controllers',
    where: ownedBy(user.id),
    depth: 0,
    limit: 0,
    pagination: false,
    overrideAccess: true,
    select: { factoryOptions: true, entitlements: true },
    req,
  })
  const ids = new Set<Id>()
  for (const c of owned.docs) {
    for (const o of c.factoryOptions ?? []) ids.add(refId(o)!)
    for (const e of c.entitlements ?? []) ids.add(refId(e.option)!)
  }
  return ids.size ? { or: [onSale, { id: { in: [...ids] } }] } : onSale
}
