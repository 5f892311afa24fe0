import { addDataAndFileToRequest, loginOperation, type Endpoint } from 'payload'
import { generatePayloadCookie } from 'payload/shared'

import { withLock } from '@/domain/keyed-mutex'
import { jsonWithCookie } from '../session'

/**
 * POST /api/users/login — Payload's own login (same operation, hooks, lockout, cookie and answer as its
 * built-in endpoint, which this one precedes), taken one at a time per account.
 *
 * Payload keeps a user's sessions in an array on the user document and every login rewrites the whole
 * array, so two logins of one account that overlap (two devices, a retry after a client timeout) would
 * keep only one of the new sessions, and the other token would be refused at once. The account's lock
 * (shared between app instances when SHARED_LOCKS is on) makes them follow each other.
 */
export const loginEndpoint: Endpoint = {
  path: '/login',
  method: 'post',
  handler: async (req) => {
    await addDataAndFileToRequest(req)
    const collection = req.payload.collections.users
    const text = (v: unknown) => (typeof v === 'string' ? v : '')
    const data = {
      email: text(req.data?.email),
      password: text(req.data?.password),
      ...(collection.config.auth?.loginWithUsername !== false ? { username: text(req.data?.username) } : {}),
    }
    const depth = req.searchParams.get('depth')
    return withLock(`login:${data.email.trim().toLowerCase()}`, async () => {
      const result = await loginOperation({ collection, data, depth: depth && /^\d+$/.test(depth) ? Number(depth) : undefined, req })
      const cookie = generatePayloadCookie({ collectionAuthConfig: collection.config.auth, cookiePrefix: req.payload.config.cookiePrefix, token: result.token! })
      if (collection.config.auth.removeTokenFromResponses) delete result.token
      return jsonWithCookie(req, { message: req.t('authentication:passed'), ...result }, cookie)
    })
  },
}
