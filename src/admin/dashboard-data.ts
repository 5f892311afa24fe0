/** The figures on the staff dashboard, read with the Local API as the logged-in user. */
import type { User } from '@payload-types'
import type { CollectionSlug, Payload, Where } from 'payload'

import { stateAt } from '@/domain/dated-options'

const DAY = 24 * 60 * 60 * 1000

export interface DashboardCard {
  key: string
  title: string
  value: string
  detail?: string[]
  href: string
}

/** How far ahead the "ending soon" card looks. */
export const ENDING_SOON_DAYS = 14

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
  cards.push(await endingSoon(payload, user, now))
  if (payload.collections['payload-jobs']) {
    const failed = await payload.count({ collection: 'payload-jobs', where: { hasError: { equals: true } }, overrideAccess: true })
    cards.push({ key: 'jobs', title: 'Failed e-mail jobs', value: String(failed.totalDocs), href: listHref('payload-jobs', [['hasError', 'equals', 'true']]) })
  }
  return cards
}

/** A list view URL whose filter is "any of these groups of conditions": where[or][i][and][j][field][op]=value. */
export function listHrefAny(collection: string, groups: [string, string, string][][]): string {
  const q = groups
    .flatMap((conditions, i) => conditions.map(([field, op, value], j) => `where[or][${i}][and][${j}][${field}][${op}]=${encodeURIComponent(value)}`))
    .join('&')
  return `/admin/collections/${collection}${q ? `?${q}` : ''}`
}

/**
 * Dated options (trials, rentals, grants) and firmware-update cover that end within the next
 * ENDING_SOON_DAYS days: the count of each, the soonest few, and a link to those controllers.
 */
export async function endingSoon(payload: Payload, user: User | null | undefined, now = new Date()): Promise<DashboardCard> {
  const from = now.toISOString()
  const to = new Date(now.getTime() + ENDING_SOON_DAYS * DAY).toISOString()
  const window = (field: string): Where => ({ and: [{ [field]: { greater_than: from } }, { [field]: { less_than_equal: to } }] })
  const found = await payload.find({
    collection: 'controllers',
    where: { or: [window('entitlements.until'), window('maintenanceUntil')] },
    limit: 0,
    pagination: false,
    depth: 1,
    user,
    overrideAccess: false,
    select: { serial: true, entitlements: true, maintenanceUntil: true },
  })
  // The query finds the controllers; the rows are checked here, since one row's end may be before the window and another's after it.
  const inWindow = (iso: string | null | undefined): iso is string => !!iso && iso > from && iso <= to
  const ending: { what: string; until: string }[] = []
  let options = 0
  let updates = 0
  for (const c of found.docs) {
    for (const e of c.entitlements ?? []) {
      if (!inWindow(e.until) || stateAt(e, now) === 'ended' || e.state === 'awaiting_payment') continue
      options++
      ending.push({ what: `${typeof e.option === 'object' ? e.option.code : e.option} on ${c.serial}`, until: e.until })
    }
    if (inWindow(c.maintenanceUntil)) {
      updates++
      ending.push({ what: `Firmware updates of ${c.serial}`, until: c.maintenanceUntil })
    }
  }
  ending.sort((a, b) => a.until.localeCompare(b.until))
  return {
    key: 'ending',
    title: `Ending in the next ${ENDING_SOON_DAYS} days`,
    value: String(options + updates),
    detail: [
      `${options} dated option${options === 1 ? '' : 's'} · ${updates} update plan${updates === 1 ? '' : 's'}`,
      ...ending.slice(0, 3).map((x) => `${x.what}: ${x.until.slice(0, 10)}`),
    ],
    href: listHrefAny('controllers', [
      [['entitlements.until', 'greater_than', from], ['entitlements.until', 'less_than_equal', to]],
      [['maintenanceUntil', 'greater_than', from], ['maintenanceUntil', 'less_than_equal', to]],
    ]),
  }
}
