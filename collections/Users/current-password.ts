import { ValidationError, headersWithCors, type PayloadRequest } from 'payload'

import { clearLoginFailures, clientAddressOf, countLoginFailure, loginThrottle, throttledMessage } from './login-throttle'
import { passwordMatches } from './password-check'

export const fieldError = (path: string, message: string) => new ValidationError({ collection: 'users', errors: [{ path, message }] })

/**
 * The logged-in user's current password, checked as a login is (change-password, change-email): a
 * client throttled for the account gets the 429 answer this returns; a wrong password counts towards
 * the throttle (login-throttle.ts), so a stolen session cannot be used to guess it, and is a field error
 * on `field`; a right one clears the count and returns null.
 */
export async function confirmCurrentPassword(req: PayloadRequest, user: { id: string | number; email: string }, password: unknown, field: string): Promise<Response | null> {
  const client = clientAddressOf(req)
  const wait = await loginThrottle(req.payload, user.email, client)
  if (wait.throttled) {
    return Response.json(
      { errors: [{ message: throttledMessage(wait.retryAfterSeconds), data: { accountLocked: true } }] },
      { status: 429, headers: headersWithCors({ headers: new Headers({ 'Retry-After': String(wait.retryAfterSeconds) }), req }) },
    )
  }
  if (!(await passwordMatches(req.payload, user.id, password))) {
    await countLoginFailure(req.payload, user.email, client)
    throw fieldError(field, 'The current password is not correct.')
  }
  await clearLoginFailures(req.payload, user.email, client)
  return null
}
