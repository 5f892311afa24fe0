import type { Access, PayloadRequest, Where } from 'payload'

import { ADMIN_UI_ROLES, hasRole, isAdmin } from '@/access/roles'

/** Admins see every user; managers see customers and themselves; everybody else only themselves. */
export const readUsers: Access = ({ req: { user } }) => {
  if (!user) return false
  if (isAdmin(user)) return true
  if (hasRole(user, 'manager')) {
    // isCustomer mirrors the customer role on the row (hooks/setIsCustomer.ts): no join with the roles table.
    const customersOrSelf: Where = { or: [{ isCustomer: { equals: true } }, { id: { equals: user.id } }] }
    return customersOrSelf
  }
  return { id: { equals: user.id } }
}

export const updateUsers: Access = readUsers

export const canOpenAdmin = ({ req: { user } }: { req: PayloadRequest }) => hasRole(user, ...ADMIN_UI_ROLES)
