/**
 * Who may write a user's e-mail address and password, in Payload's own terms.
 *
 * - The password is written only by our code that has checked the right to it: change-password (the
 *   current password), registration (the new account's own), Payload's reset-password (a reset token;
 *   it writes the hash below the operations, so it needs nothing here) and the server's random password
 *   of an account that staff create. That code marks the request (allowAccountWrite); without the mark
 *   Payload's update refuses a password (403), whoever asks, and the `password` field's access is false
 *   (which also hides "Change password" in the admin).
 * - The e-mail address changes only through the confirmation link (endpoints/change-email.ts), which
 *   marks its request the same way, and by the server's own code (Local API). Staff set it only when
 *   they create an account.
 */
import crypto from 'node:crypto'
import type { CollectionBeforeOperationHook, FieldAccess, PayloadRequest } from 'payload'

import { forbidden } from '@/domain/errors'

const ACCOUNT_WRITE = 'pumotixAccountWrite'

/** Marks this request as one whose code has checked the right to set the password or e-mail. */
export function allowAccountWrite(req: PayloadRequest): void {
  req.context[ACCOUNT_WRITE] = true
}

export const accountWriteAllowed = (req: PayloadRequest) => req.context?.[ACCOUNT_WRITE] === true

/** Field access of `password`: only requests marked by allowAccountWrite. */
export const passwordFieldAccess: FieldAccess = ({ req }) => accountWriteAllowed(req)

export const EMAIL_CHANGE_REFUSED =
  'The e-mail address changes only through the confirmation link: ask for it in your profile (POST /api/users/change-email with the new address and your password).'
export const PASSWORD_CHANGE_REFUSED =
  'Passwords are changed by their owner with the current password (POST /api/users/change-password) or with a reset link (POST /api/users/forgot-password; staff: POST /api/users/:id/send-password-reset).'

/** Payload's own first-user form, open only while there is no user at all. */
const isFirstRegister = (req: PayloadRequest) => Boolean(req.url && new URL(req.url, 'http://localhost').pathname.endsWith('/first-register'))

/**
 * beforeOperation of users: refuses a password or a new e-mail address in an update that our code has
 * not marked, and gives an account that staff create a random password nobody knows (the owner sets
 * theirs with a reset link: the admin's "Send password reset link").
 */
export const guardAccountWrites: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (operation === 'update') {
    const data = (args as { data?: Record<string, unknown> }).data
    if (!data || accountWriteAllowed(req)) return args
    if (data.password !== undefined && data.password !== null && data.password !== '') throw forbidden(PASSWORD_CHANGE_REFUSED)
    // The server's own code (Local API without a request: tooling, the domain) may set an address.
    if (data.email !== undefined && req.payloadAPI !== 'local') {
      const id = (args as { id?: string | number }).id
      const stored = id == null ? null : ((await req.payload.db.findOne({ collection: 'users', where: { id: { equals: id } }, req })) as { email?: string } | null)
      // The admin's form sends the unchanged address with every save: that is no change.
      const same = typeof data.email === 'string' && stored?.email === data.email.trim().toLowerCase()
      if (!same) throw forbidden(EMAIL_CHANGE_REFUSED)
    }
    return args
  }
  if (operation === 'create' && req.payloadAPI !== 'local' && !accountWriteAllowed(req) && !isFirstRegister(req)) {
    const data = ((args as { data?: Record<string, unknown> }).data ?? {}) as Record<string, unknown>
    allowAccountWrite(req)
    return { ...args, data: { ...data, password: crypto.randomBytes(24).toString('base64url') } }
  }
  return args
}
