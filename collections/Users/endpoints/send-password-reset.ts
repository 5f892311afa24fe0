import type { User } from '@payload-types'
import type { Endpoint } from 'payload'

import { isStaff } from '@/access/roles'
import { recordAudit } from '@/domain/audit'
import { forbidden, notFound } from '@/domain/errors'
import { parseId } from '@/domain/ids'
import { requireUser } from '@/domain/read-body'
import { mailPasswordResetLink } from '../account-mail'

/**
 * POST /api/users/:id/send-password-reset — staff send the owner of an account a link to choose a new
 * password (the admin's "Send password reset link" button, src/admin/SendPasswordReset.tsx). Staff
 * never set or see a customer's password; this is how they help someone who cannot log in. The link
 * goes to the account's own address, the action is in the audit log with who did it. Managers reach
 * the accounts they may read (customers and themselves), admins every account.
 */
export const sendPasswordResetEndpoint: Endpoint = {
  path: '/:id/send-password-reset',
  method: 'post',
  handler: async (req) => {
    const actor = requireUser(req)
    if (!isStaff(actor)) throw forbidden('Only managers and administrators send password reset links; to reset your own password, use "Forgot your password?" on the login page.')
    const missing = notFound('No such account.')
    const id = parseId(req.payload, req.routeParams?.id)
    if (id === null) throw missing
    const found = await req.payload.find({ collection: 'users', where: { id: { equals: id } }, limit: 1, depth: 0, user: actor, overrideAccess: false, req })
    const user = found.docs[0] as User | undefined
    if (!user) throw missing
    if (user.closedAt) throw forbidden('This account is closed; it has no address to send a link to.')
    await mailPasswordResetLink(req.payload, user, req)
    await recordAudit(
      req.payload,
      { action: 'user.password_reset_sent', subject: { collection: 'users', id: user.id }, summary: `Password reset link sent to ${user.email} by staff`, after: { to: user.email } },
      req,
    )
    return Response.json({ message: `A password reset link has been sent to ${user.email}. It works for one hour.` })
  },
}
