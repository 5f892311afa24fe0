import type React from 'react'

export type BadgeTone = 'neutral' | 'success' | 'warning' | 'danger' | 'info'

export function Badge({ tone = 'neutral', children }: { tone?: BadgeTone; children: React.ReactNode }) {
  return <span className={`badge badge--${tone}`}>{children}</span>
}

/** The badge tone of an order status. */
export const orderStatusTone = (status: unknown): BadgeTone =>
  status === 'paid' ? 'success' : status === 'awaiting_payment' ? 'warning' : status === 'cancelled' ? 'neutral' : 'info'
