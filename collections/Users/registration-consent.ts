import { ValidationError, type CollectionBeforeValidateHook } from 'payload'

import { hasRole } from '@/access/roles'

const refuse = (message: string) => new ValidationError({ collection: 'users', errors: [{ path: 'privacyAccepted', message }] })

/**
 * Every customer account made through the API carries the customer's consent to the privacy policy,
 * whichever way it is made: public registration (endpoints/register.ts), staff creating an account in
 * the admin, and Payload's first-register form (which normally makes the first admin). The request says
 * `privacyAccepted: true` and the server records the moment in privacyAcceptedAt; staff may instead
 * give the moment the customer accepted (privacyAcceptedAt, e.g. from a signed form), not in the future.
 * Accounts of staff roles only need no consent. Trusted server code (Local API: seed, tooling) is exempt.
 */
export const requirePrivacyConsent: CollectionBeforeValidateHook = ({ data, operation, req }) => {
  if (operation !== 'create' || req.payloadAPI === 'local') return data
  const body = (data ?? {}) as Record<string, unknown>
  const { privacyAccepted, ...rest } = body
  const roles = Array.isArray(body.roles) ? (body.roles as string[]) : ['customer']
  if (!hasRole({ roles }, 'customer')) return rest
  if (privacyAccepted === true || privacyAccepted === 'true') return { ...rest, privacyAcceptedAt: new Date().toISOString() }
  const given = typeof body.privacyAcceptedAt === 'string' ? new Date(body.privacyAcceptedAt) : null
  if (given && Number.isFinite(given.getTime())) {
    if (given.getTime() > Date.now() + 60_000) throw refuse('The moment the customer accepted the privacy policy cannot be in the future.')
    return { ...rest, privacyAcceptedAt: given.toISOString() }
  }
  throw refuse('Please accept the privacy policy to register. (Staff creating a customer account: give the moment the customer accepted it, in "Privacy policy accepted".)')
}
