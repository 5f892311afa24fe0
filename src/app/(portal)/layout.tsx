import type { Metadata } from 'next'
import type React from 'react'

export const metadata: Metadata = {
  title: { default: 'PUMOTIX Account', template: '%s — PUMOTIX' },
  description: 'Manage your PUMOTIX CNC controllers, options and licenses.',
}

export default function PortalLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  )
}
