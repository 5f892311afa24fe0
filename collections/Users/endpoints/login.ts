import { addDataAndFileToRequest, headersWithCors, LockedAuth, loginOperation, type Endpoint, type PayloadRequest } from 'payload'
import { generatePayloadCookie } from 'payload/shared'

import { withLock } from '@/domain/keyed-mutex'
import { jsonWithCookie } from '../session'

/**
 * 429 for an account that Payload's lockout holds (auth.maxLoginAttempts failures in a row, from any
 * address: RATE_LIMIT_LOGIN_ACCOUNT), saying when the next attempt is let through, with Retry-After.
 * Payload itself answers 401 "This user is locked…", which reads like a wrong password.
 */
async function lockedAccountAnswer(req: PayloadRequest, email: string): Promise<Response> {
  const { docs } = await req.payload.find({ collection: 'users', where: { email: { equals: email } }, limit: 1, depth: 0, overrideAccess: true, showHiddenFields: true, req })
  const lockUntil = docs[0]?.lockUntil ? new Date(docs[0].lockUntil).getTime() : NaN
  const lockMs = req.payload.collections.users.config.auth.lockTime
  const seconds = Math.max(1, Math.ceil((Number.isFinite(lockUntil) ? lockUntil - Date.now() : lockMs) / 1000))
  const minutes = Math.ceil(seconds / 60)
  const message = `Too many failed logins for this account. Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or reset your password.`
  return Response.json(
    { errors: [{ message, data: { accountLocked: true } }] },
    { status: 429, headers: headersWithCors({ headers: new Headers({ 'Retry-After': String(seconds) }), req }) },
  )
}

/**
 * POST /api/users/login — Payload's own login (same operation, hooks, lockout, cookie and answer as its
 * built-in endpoint, which this one precedes), taken one at a time per account; a locked account is
 * answered 429 with the time left (lockedAccountAnswer).
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
    const email = data.email.trim().toLowerCase()
    return withLock(`login:${email}`, async () => {
      let result: Awaited<ReturnType<typeof loginOperation>>
      try {
        result = await loginOperation({ collection, data, depth: depth && /^\d+$/.test(depth) ? Number(depth) : undefined, req })
      } catch (err) {
        if (err instanceof LockedAuth) return lockedAccountAnswer(req, email)
        throw err
      }
      const cookie = generatePayloadCookie({ collectionAuthConfig: collection.config.auth, cookiePrefix: req.payload.config.cookiePrefix, token: result.token! })
      if (collection.config.auth.removeTokenFromResponses) delete result.token
      return jsonWithCookie(req, { message: req.t('authentication:passed'), ...result }, cookie)
    })
  },
}
