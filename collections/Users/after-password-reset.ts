import type { CollectionAfterOperationHook } from 'payload'

import { mailPasswordChanged } from './account-mail'
import { clearAllLoginFailures } from './login-throttle'

/**
 * After Payload's reset-password (a reset link was followed): the owner is told by e-mail that the
 * password changed, and every client's count of wrong passwords for the address starts again.
 */
export const afterPasswordReset: CollectionAfterOperationHook = async ({ operation, result, req }) => {
  if (operation !== 'resetPassword') return result
  const user = (result as { user?: Record<string, unknown> } | undefined)?.user
  if (typeof user?.email !== 'string') return result
  await clearAllLoginFailures(req.payload, user.email)
  await mailPasswordChanged(req.payload, { email: user.email, name: String(user.name ?? ''), language: user.language === 'ru' ? 'ru' : 'en' })
  return result
}
