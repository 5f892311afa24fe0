/**
 * The staff dashboard above the collection cards (admin.components.beforeDashboard): what needs
 * attention, each figure linking to the filtered list. A React Server Component reading with the
 * Local API as the logged-in user; editors see a pointer to the news instead.
 */
import type { User } from '@payload-types'
import type { Payload } from 'payload'

import { isStaff } from '@/access/roles'
import { dashboardCards } from './dashboard-data'

const card = {
  display: 'block',
  padding: 16,
  border: '1px solid var(--theme-elevation-150)',
  borderRadius: 4,
  background: 'var(--theme-elevation-50)',
  color: 'var(--theme-text)',
  textDecoration: 'none',
} as const

export async function Dashboard({ payload, user }: { payload: Payload; user?: User | null }) {
  if (!isStaff(user)) {
    return (
      <section style={{ marginBottom: 24 }}>
        <h2>Content</h2>
        <p>
          Write and publish news in <a href="/admin/collections/news">News</a>; images live in <a href="/admin/collections/media">Media</a>.
        </p>
      </section>
    )
  }
  const cards = await dashboardCards(payload, user)
  return (
    <section style={{ marginBottom: 32 }} data-testid="staff-dashboard">
      <h2 style={{ marginBottom: 12 }}>Needs attention</h2>
      <div style={{ display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(220px, 1fr))', gap: 12 }}>
        {cards.map((c) => (
          <a key={c.key} href={c.href} style={card} data-testid={`dashboard-${c.key}`}>
            <div style={{ fontSize: 13, opacity: 0.8 }}>{c.title}</div>
            <div style={{ fontSize: 28, fontWeight: 600, margin: '4px 0' }}>{c.value}</div>
            {c.detail?.map((d) => (
              <div key={d} style={{ fontSize: 12, opacity: 0.8 }}>
                {d}
              </div>
            ))}
          </a>
        ))}
      </div>
    </section>
  )
}
