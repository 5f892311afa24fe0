import type { Access, FieldAccess } from 'payload'

import { isStaff, sameId } from '@/access/roles'
import { refId } from '@/domain/controller-doc'

/** Staff see every controller; a customer only the controllers they own. */
export const readControllers: Access = ({ req: { user } }) => {
  if (isStaff(user)) return true
  if (!user) return false
  return { owner: { equals: user.id } }
}

/** Hardware ids: staff, or the owner of this controller. */
export const ownerOrStaffField: FieldAccess = ({ req: { user }, doc }) => isStaff(user) || (Boolean(user) && sameId(refId(doc?.owner), user?.id))
