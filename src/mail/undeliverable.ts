/**
 * Addresses that never receive mail: the reserved `.invalid` domain (RFC 2606, RFC 6761), which a
 * closed account's e-mail uses (src/privacy/anonymise.ts). Nothing is queued or sent to them, so a
 * mail caused later by an old record (a payment on a closed account's order) goes nowhere and
 * leaves no failing job behind.
 */
export function isUndeliverableAddress(to: string): boolean {
  const domain = to.trim().toLowerCase().split('@').pop() ?? ''
  return domain === 'invalid' || domain.endsWith('.invalid')
}
