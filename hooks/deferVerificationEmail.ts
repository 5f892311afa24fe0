import type { CollectionBeforeOperationHook } from 'payload'

/**
 * Payload would send the verification e-mail inside the registration request, so a broken mail server
 * would fail the registration. Take that over: note whether the caller wanted the e-mail, switch
 * Payload's own sending off, and let hooks/queueVerificationEmail put it on the jobs queue instead.
 */
export const deferVerificationEmail: CollectionBeforeOperationHook = ({ args, operation }) => {
  if (operation !== 'create') return args
  args.req.context.queueVerificationEmail = !args.disableVerificationEmail
  return { ...args, disableVerificationEmail: true }
}
