/**
 * Roles and the access helpers every collection builds its rules from.
 * Ids are compared as strings so the same rules hold on SQLite (numbers) and MongoDB (strings).
 */
import type { Access, FieldAccess } from 'payload'

export const ROLES = ['admin', 'manager', 'editor', 'customer'] as const
export type Role = (typeof ROLES)[number]
export const STAFF_ROLES: Role[] = ['admin', 'manager']
export const ADMIN_UI_ROLES: Role[] = ['admin', 'manager', 'editor']

type UserLike = { id?: string | number; roles?: string[] | null; collection?: string } | null | undefined

export function hasRole(user: UserLike, ...roles: Role[]): boolean {
  if (!user || (user.collection && user.collection !== 'users')) return false
  return Array.isArray(user.roles) && user.roles.some((r) => (roles as string[]).includes(r))
}

export const isAdmin = (user: UserLike) => hasRole(user, 'admin')
export const isStaff = (user: UserLike) => hasRole(user, ...STAFF_ROLES)
export const isEditor = (user: UserLike) => hasRole(user, 'admin', 'editor')

export const sameId = (a: unknown, b: unknown) => a != null && b != null && String(a) === String(b)

export const anyone: Access = () => true
export const nobody: Access = () => false
export const adminsOnly: Access = ({ req }) => isAdmin(req.user)
export const staffOnly: Access = ({ req }) => isStaff(req.user)
export const editorsOnly: Access = ({ req }) => isEditor(req.user)

/** Drafts-enabled content: editors (and admins) read every version; everybody else only published documents. */
export const publishedOrEditors: Access = ({ req }) => (isEditor(req.user) ? true : { _status: { equals: 'published' } })

export const adminFieldOnly: FieldAccess = ({ req }) => isAdmin(req.user)
export const staffFieldOnly: FieldAccess = ({ req }) => isStaff(req.user)
export const editorFieldOnly: FieldAccess = ({ req }) => isEditor(req.user)

/** Staff see everything; a customer sees only documents whose `field` points at them. */
export const staffOrOwner =
  (field: string): Access =>
  ({ req }) => {
    if (isStaff(req.user)) return true
    if (!req.user) return false
    return { [field]: { equals: req.user.id } }
  }

