/** The figures on the staff dashboard, read with the Local API as the logged-in user. */
import type { User } from '@payload-types'
import type { CollectionSlug, Payload, Where } from 'payload'

const DAY = 24 * 60 * 60 * 1000

export interface DashboardCard {
  key: string
  title: string
  value: string
  detail?: string[]
  href: string
}

/** A list view URL with a where filter: /admin/collections/orders?where[status][equals]=awaiting_payment */
export function listHref(collection: string, conditions: [string, string, string][]): string {
  const q = conditions.map(([field, op, value]) => `where[${field}][${op}]=${encodeURIComponent(value)}`).join('&')
  return `/admin/collections/${collection}${q ? `?${q}` : ''}`
}

/** Monday 00:00 UTC of the current week. */
export function startOfWeek(now = new Date()): Date {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()))
  d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7))
  return d
}

export async function dashboardCards(payload: Payload, user: User | null | undefined, now = new Date()): Promise<DashboardCard[]> {
  const as = { user, overrideAccess: false, depth: 0 } as const
  const weekAgo = new Date(now.getTime() - 7 * DAY).toISOString()
  const weekStart = startOfWeek(now).toISOString()
  const count = async (collection: CollectionSlug, where: Where) => (await payload.count({ collection, where, ...as })).totalDocs

  const unpaid = await payload.find({ collection: 'orders', where: { status: { equals: 'awaiting_payment' } }, sort: 'createdAt', limit: 0, pagination: false, select: { number: true, total: true, currency: true, createdAt: true }, ...as })
  const sums = new Map<string, number>()
  for (const o of unpaid.docs) sums.set(o.currency, (sums.get(o.currency) ?? 0) + o.total)
  const oldest = unpaid.docs.slice(0, 3).map((o) => `Oldest: ${o.number} of ${o.createdAt.slice(0, 10)}`)
  const cards: DashboardCard[] = [
    {
      key: 'unpaid',
      title: 'Unpaid bills',
      value: String(unpaid.docs.length),
      detail: [[...sums].map(([c, v]) => `${(v / 100).toFixed(2)} ${c}`).join(' · ') || 'Nothing outstanding', ...oldest],
      href: `${listHref('orders', [['status', 'equals', 'awaiting_payment']])}&sort=createdAt`,
    },
    {
      key: 'licenses',
      title: 'Licenses issued, last 7 days',
      value: String(await count('licenses', { issuedAt: { greater_than_equal: weekAgo } })),
      href: listHref('licenses', [['issuedAt', 'greater_than_equal', weekAgo]]),
    },
    {
      key: 'customers',
      title: 'New customers, last 7 days',
      value: String(await count('users', { and: [{ createdAt: { greater_than_equal: weekAgo } }, { roles: { in: ['customer'] } }] })),
      href: listHref('users', [['createdAt', 'greater_than_equal', weekAgo], ['roles', 'in', 'customer']]),
    },
    {
      key: 'closures',
      title: 'Account closure requests',
      // Asked for in the portal and not confirmed by the person's link yet: staff may carry them out (docs/privacy.md).
      value: String(await count('users', { and: [{ closureRequestedAt: { exists: true } }, { closedAt: { exists: false } }] })),
      href: listHref('users', [['closureRequestedAt', 'exists', 'true'], ['closedAt', 'exists', 'false']]),
    },
    {
      key: 'claimed',
      title: 'Controllers claimed this week',
      value: String(await count('controllers', { claimedAt: { greater_than_equal: weekStart } })),
      href: listHref('controllers', [['claimedAt', 'greater_than_equal', weekStart]]),
    },
  ]
  if (payload.collections['payload-jobs']) {
    const failed = await payload.count({ collection: 'payload-jobs', where: { hasError: { equals: true } }, overrideAccess: true })
    cards.push({ key: 'jobs', title: 'Failed e-mail jobs', value: String(failed.totalDocs), href: listHref('payload-jobs', [['hasError', 'equals', 'true']]) })
  }
  return cards
}
