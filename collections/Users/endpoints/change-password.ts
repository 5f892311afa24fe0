import { ValidationError, type Endpoint } from 'payload'

import { LOGIN_LOCK_MINUTES } from '@/config/rate-limits'
import { readBody, requireUser } from '@/domain/read-body'
import { checkPassword } from '../session'

export const MIN_PASSWORD_LENGTH = 8

const fieldError = (path: string, message: string) => new ValidationError({ collection: 'users', errors: [{ path, message }] })

/**
 * POST /api/users/change-password {"currentPassword", "newPassword"} — the logged-in user changes
 * their password after proving they know the current one. Other sessions end; this one stays.
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
    const check = await checkPassword(req.payload, String(user.email), body.currentPassword)
    if (check === 'locked') throw fieldError('currentPassword', `Too many wrong passwords: the account is locked for ${LOGIN_LOCK_MINUTES} minutes.`)
    if (check !== 'ok') throw fieldError('currentPassword', 'The current password is not correct.')
    await req.payload.update({ collection: 'users', id: user.id, data: { password: next }, req, overrideAccess: false })
    return Response.json({ message: 'Your password has been changed.' })
  },
}
