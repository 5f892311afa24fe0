import type { User } from '@payload-types'
import type { FieldHook } from 'payload'

import { hasRole } from '@/access/roles'

/**
 * `isCustomer` mirrors "roles include customer" on the user row itself, indexed, so that a manager's
 * read rule ("customers, and me") needs no join with the roles table: Payload's count for the users
 * list then reads one index instead of every user (docs/performance.md, Scale). Always derived here,
 * whatever a request sends; roles come from this change or, when it does not touch them, the stored user.
 */
export const setIsCustomer: FieldHook<User, User['isCustomer'], Partial<User>> = ({ siblingData, originalDoc }) =>
  hasRole({ roles: siblingData?.roles ?? originalDoc?.roles }, 'customer')
