import { ValidationError, type CollectionBeforeValidateHook } from 'payload'

import { isStaff } from '@/access/roles'

/**
 * Public registration (POST /api/users by a visitor) must carry `privacyAccepted: true`; the moment
 * is recorded in privacyAcceptedAt by the server. Staff and trusted server code (Local API) are exempt.
 */
export const requirePrivacyConsent: CollectionBeforeValidateHook = ({ data, operation, req }) => {
  if (operation !== 'create' || req.payloadAPI === 'local' || isStaff(req.user)) return data
  if (req.url?.includes('/first-register')) return data
  const body = (data ?? {}) as Record<string, unknown>
  const accepted = body.privacyAccepted === true || body.privacyAccepted === 'true'
  if (!accepted) {
    throw new ValidationError({
      collection: 'users',
      errors: [{ path: 'privacyAccepted', message: 'Please accept the privacy policy to register.' }],
    })
  }
  const { privacyAccepted: _accepted, ...rest } = body
  return { ...rest, privacyAcceptedAt: new Date().toISOString() }
}
