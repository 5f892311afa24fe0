import type { FieldHook } from 'payload'

/**
 * `isCustomer` mirrors "roles include customer" on the user row itself, indexed with createdAt, so
 * that a manager's lists (customers only; collections/Users/access.ts) need no join with the roles
 * table: the users list and its total read one index instead of every user (docs/performance.md,
 * Scale). Always derived here, whatever a request sends; roles come from this change or, when it does
 * not touch them, the stored user.
 */
export const setIsCustomer: FieldHook = ({ siblingData, originalDoc }) => {
  const roles = (siblingData?.roles ?? originalDoc?.roles ?? []) as unknown
  return Array.isArray(roles) && roles.includes('customer')
}
