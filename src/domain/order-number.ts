import type { Payload } from 'payload'

import { withLock } from './keyed-mutex'

/** The next human-readable order number of the year: PMX-2026-000123 (unique index as the last guard). */
export async function nextOrderNumber(payload: Payload, now = new Date()): Promise<string> {
  const year = now.getUTCFullYear()
  const prefix = `PMX-${year}-`
  return withLock('order-number', async () => {
    const last = await payload.find({
      collection: 'orders',
      where: { number: { like: prefix } },
      sort: '-number',
      limit: 1,
      depth: 0,
      overrideAccess: true,
    })
    const n = last.docs[0] ? Number(String(last.docs[0].number).slice(prefix.length)) + 1 : 1
    return `${prefix}${String(n).padStart(6, '0')}`
  })
}
