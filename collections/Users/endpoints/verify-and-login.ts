import { verifyEmailOperation, type Endpoint } from 'payload'

import { badRequest } from '@/domain/errors'
import { readBody } from '@/domain/read-body'
import { jsonWithCookie, startSession } from '../session'

/**
 * POST /api/users/verify-and-login {"token"} — the link in the verification e-mail: confirms the
 * address and logs the customer in (sets the session cookie) → 200 {user}. A used or unknown token → 400.
 */
export const verifyAndLoginEndpoint: Endpoint = {
  path: '/verify-and-login',
  method: 'post',
  handler: async (req) => {
    const body = await readBody(req)
    const token = typeof body.token === 'string' ? body.token.trim() : ''
    const invalid = badRequest('This confirmation link is invalid or has already been used. If your address is confirmed, log in.')
    if (!token || token.length > 200) throw invalid
    const user = (await req.payload.db.findOne({ collection: 'users', req, where: { _verificationToken: { equals: token } } })) as {
      id: string | number
      email: string
      name?: string
    } | null
    if (!user) throw invalid
    try {
      await verifyEmailOperation({ collection: req.payload.collections.users, req, token })
    } catch {
      throw invalid
    }
    const { cookie } = await startSession(req, user.id)
    return jsonWithCookie(req, { message: 'E-mail address confirmed; you are logged in.', user: { id: user.id, email: user.email, name: user.name } }, cookie)
  },
}
