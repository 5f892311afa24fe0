import type { CollectionAfterOperationHook } from 'payload'

import { clearAllLoginFailures } from './login-throttle'

/**
 * After Payload's unlock (staff, POST /api/users/unlock {"email"}): besides Payload's own counters, the
 * login throttle of that address starts again for every client, so staff can let a customer in who
 * locked themselves out by mistyping.
 */
export const unlockClearsThrottle: CollectionAfterOperationHook = async ({ args, operation, req, result }) => {
  if (operation !== 'unlock') return result
  const email = (args as { data?: { email?: unknown } }).data?.email
  if (typeof email === 'string' && email.trim()) await clearAllLoginFailures(req.payload, email)
  return result
}
