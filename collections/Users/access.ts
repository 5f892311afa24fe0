import type { Access, Where } from 'payload'

import { ADMIN_UI_ROLES, hasRole, isAdmin, sameId } from '../../access/roles'

/**
 * Admins see every user; managers see customers, and their own record by id (account page, profile);
 * everybody else only themselves. A manager's lists are one indexed condition: `isCustomer` mirrors
 * the customer role on the row (hooks/setIsCustomer.ts) and (isCustomer, createdAt) is indexed, so the
 * users list and its total read an index, with no join with the roles table and no OR that would make
 * SQLite sort every customer (docs/performance.md, Scale).
 */
export const readUsers: Access = ({ req: { user }, id }) => {
  if (!user) return false
  if (isAdmin(user)) return true
  if (hasRole(user, 'manager')) {
    if (id !== undefined && sameId(id, user.id)) return true
    const customers: Where = { isCustomer: { equals: true } }
    return customers
  }
  return { id: { equals: user.id } }
}

export const updateUsers: Access = readUsers

export const canOpenAdmin = ({ req: { user } }: { req: { user: unknown } }) =>
  hasRole(user as never, ...ADMIN_UI_ROLES)
