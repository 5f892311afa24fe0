/**
 * Users whose `isCustomer` flag (hooks/setIsCustomer.ts) is missing although they are customers: on
 * MongoDB, every user stored before the flag existed (SQLite's migration fills it in); anywhere, a user
 * written around Payload's hooks. Run on every start; finds nothing once all are marked.
 */
import type { Payload } from 'payload'

export async function markUnflaggedCustomers(payload: Payload): Promise<number> {
  const updated = await payload.db.updateMany({
    collection: 'users',
    where: { and: [{ roles: { in: ['customer'] } }, { isCustomer: { not_equals: true } }] },
    data: { isCustomer: true },
  })
  return Array.isArray(updated) ? updated.length : 0
}
