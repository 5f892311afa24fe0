import type { User } from '@payload-types'
import type { CollectionAfterChangeHook } from 'payload'

import { recordAudit } from '@/domain/audit'

const sorted = (roles: User['roles'] | undefined) => [...(roles ?? [])].sort()

/** Every change of a user's roles goes into the audit log, with who made it. */
export const auditRoleChange: CollectionAfterChangeHook<User> = async ({ doc, previousDoc, operation, req }) => {
  if (operation !== 'update' || !previousDoc) return doc
  const before = sorted(previousDoc.roles)
  const after = sorted(doc.roles)
  if (before.join() === after.join()) return doc
  await recordAudit(
    req.payload,
    { action: 'user.role_changed', subject: { collection: 'users', id: doc.id }, summary: `Roles of ${doc.email}: ${before.join(', ') || 'none'} → ${after.join(', ') || 'none'}`, before: { roles: before }, after: { roles: after } },
    req,
  )
  return doc
}
