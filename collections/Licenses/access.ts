import type { Access, Where } from 'payload'

import { isStaff } from '@/access/roles'
import type { Id } from '@/domain/documents'

/** The licenses of the controllers a customer owns now: their read rule, which the portal applies as well. */
export const licensesOwnedBy = (userId: Id): Where => ({ 'controller.owner': { equals: userId } })

/** Staff read all licenses; a customer those of the controllers they own now. */
export const readLicenses: Access = ({ req: { user } }) => (isStaff(user) ? true : user ? licensesOwnedBy(user.id) : false)
