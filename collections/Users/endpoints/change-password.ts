import { ValidationError, headersWithCors, type Endpoint } from 'payload'

import { readBody, requireUser } from '@/domain/read-body'
import { allowAccountWrite } from '../account-writes'
import { mailPasswordChanged } from '../account-mail'
import { clearLoginFailures, clientAddressOf, countLoginFailure, loginThrottle, throttledMessage } from '../login-throttle'
import { passwordMatches } from '../password-check'

export const MIN_PASSWORD_LENGTH = 8

const fieldError = (path: string, message: string) => new ValidationError({ collection: 'users', errors: [{ path, message }] })

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
    const client = clientAddressOf(req)
    const wait = await loginThrottle(req.payload, user.email, client)
    if (wait.throttled) {
      return Response.json(
        { errors: [{ message: throttledMessage(wait.retryAfterSeconds), data: { accountLocked: true } }] },
        { status: 429, headers: headersWithCors({ headers: new Headers({ 'Retry-After': String(wait.retryAfterSeconds) }), req }) },
      )
    }
    if (!(await passwordMatches(req.payload, user.id, body.currentPassword))) {
      await countLoginFailure(req.payload, user.email, client)
      throw fieldError('currentPassword', 'The current password is not correct.')
    }
    await clearLoginFailures(req.payload, user.email, client)
    allowAccountWrite(req)
    await req.payload.update({ collection: 'users', id: user.id, data: { password: next }, req, overrideAccess: true, depth: 0 })
    await mailPasswordChanged(req.payload, user, req)
    return Response.json({ message: 'Your password has been changed.' })
  },
}
