import { addDataAndFileToRequest, AuthenticationError, headersWithCors, LockedAuth, loginOperation, type Endpoint, type PayloadRequest } from 'payload'
import { generatePayloadCookie } from 'payload/shared'

import { withLock } from '@/domain/keyed-mutex'
import { clearLoginFailures, clientAddressOf, countLoginFailure, loginThrottle, throttledMessage } from '../login-throttle'
import { jsonWithCookie } from '../session'

/**
 * 429 for an (address, client) pair the login throttle holds (login-throttle.ts), saying when the next
 * attempt is let through, with Retry-After. It depends only on what this client typed and how often it
 * was wrong, never on whether an account has the address, so it tells nothing about accounts.
 */
function throttledAnswer(req: PayloadRequest, retryAfterSeconds: number): Response {
  return Response.json(
    { errors: [{ message: throttledMessage(retryAfterSeconds), data: { accountLocked: true } }] },
    { status: 429, headers: headersWithCors({ headers: new Headers({ 'Retry-After': String(retryAfterSeconds) }), req }) },
  )
}

/**
 * POST /api/users/login — Payload's own login (same operation, hooks, cookie and answer as its
 * built-in endpoint, which this one precedes), taken one at a time per account, behind the throttle per
 * account and client address (login-throttle.ts) that replaces Payload's account lock.
 *
 * Every failure answers alike: Payload's 401 "The email or password provided is incorrect." for an
 * unknown address and a wrong password (hooks/equalizeLoginTiming.ts gives both the same hashing time),
 * and for an account that Payload's own lock still holds from before (a lock set by an older version).
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
    const client = clientAddressOf(req)
    return withLock(`login:${email}`, async () => {
      const wait = email ? await loginThrottle(req.payload, email, client) : { throttled: false, retryAfterSeconds: 0 }
      if (wait.throttled) return throttledAnswer(req, wait.retryAfterSeconds)
      let result: Awaited<ReturnType<typeof loginOperation>>
      try {
        result = await loginOperation({ collection, data, depth: depth && /^\d+$/.test(depth) ? Number(depth) : undefined, req })
      } catch (err) {
        const failed = err instanceof AuthenticationError || err instanceof LockedAuth
        if (!failed || !email) throw err
        await countLoginFailure(req.payload, email, client)
        throw err instanceof LockedAuth ? new AuthenticationError(req.t) : err
      }
      await clearLoginFailures(req.payload, email, client)
      const cookie = generatePayloadCookie({ collectionAuthConfig: collection.config.auth, cookiePrefix: req.payload.config.cookiePrefix, token: result.token! })
      if (collection.config.auth.removeTokenFromResponses) delete result.token
      return jsonWithCookie(req, { message: req.t('authentication:passed'), ...result }, cookie)
    })
  },
}
