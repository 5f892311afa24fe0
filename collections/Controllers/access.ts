import type { Access, FieldAccess, Where } from 'payload'

import { isStaff, sameId } from '@/access/roles'
import { refId, type Id } from '@/domain/documents'

/** The controllers a customer owns: their read rule, which the portal's own reads apply as well. */
export const ownedBy = (userId: Id): Where => ({ owner: { equals: userId } })

/** Staff see every controller; a customer only the controllers they own. */
export const readControllers: Access = ({ req: { user } }) => {
  if (isStaff(user)) return true
  if (!user) return false
  return ownedBy(user.id)
}

/** Hardware ids: staff, or the owner of this controller. */
export const ownerOrStaffField: FieldAccess = ({ req: { user }, doc }) => isStaff(user) || (Boolean(user) && sameId(refId(doc?.owner), user?.id))
