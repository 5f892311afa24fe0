import type { Endpoint } from 'payload'

import { readBody, requireUser } from '@/domain/read-body'
import { allowAccountWrite } from '../account-writes'
import { mailPasswordChanged } from '../account-mail'
import { confirmCurrentPassword, fieldError } from '../current-password'

export const MIN_PASSWORD_LENGTH = 8

/**
 * POST /api/users/change-password {"currentPassword", "newPassword"} — the logged-in user changes
 * their password after proving they know the current one (checked with Payload's own comparison,
 * password-check.ts). Wrong current passwords count towards the login throttle of the account and this
 * client address (login-throttle.ts), so a stolen session cannot be used to guess it. Other sessions
 * end; this one stays. The owner is told by e-mail.
 */
export const changePasswordEndpoint: Endpoint = {
  path: '/change-password',
  method: 'post',
  handler: async (req) => {
    const user = requireUser(req)
    const body = await readBody(req)
    const next = body.newPassword
    if (typeof next !== 'string' || next.length < MIN_PASSWORD_LENGTH) {
      throw fieldError('newPassword', `The new password must have at least ${MIN_PASSWORD_LENGTH} characters.`)
    }
    if (next.length > 256) throw fieldError('newPassword', 'The new password is too long (at most 256 characters).')
    const throttled = await confirmCurrentPassword(req, user, body.currentPassword, 'currentPassword')
    if (throttled) return throttled
    allowAccountWrite(req)
    await req.payload.update({ collection: 'users', id: user.id, data: { password: next }, req, overrideAccess: true, depth: 0 })
    await mailPasswordChanged(req.payload, user, req)
    return Response.json({ message: 'Your password has been changed.' })
  },
}
