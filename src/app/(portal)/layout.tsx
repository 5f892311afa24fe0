import type { Metadata, Viewport } from 'next'
import Link from 'next/link'
import type React from 'react'

import { SiteHeader } from '@/portal/components/SiteHeader'
import { getSession } from '@/portal/queries/session'
import { getI18n } from '@/portal/i18n/get-lang'
import '@/portal/ui/tokens.css'
import '@/portal/ui/components.css'

export const dynamic = 'force-dynamic'

export async function generateMetadata(): Promise<Metadata> {
  const { t } = await getI18n()
  return { title: { default: t.meta.siteName, template: '%s — PUMOTIX' }, description: t.meta.description }
}

export const viewport: Viewport = { width: 'device-width', initialScale: 1, themeColor: '#14213d' }

/** The customer portal's root layout (separate from Payload's admin layout in (payload)). */
export default async function PortalLayout({ children }: { children: React.ReactNode }) {
  const { lang, t } = await getI18n()
  const { user } = await getSession()
  return (
    <html lang={lang}>
      <body>
        <a className="skip-link" href="#main">
          {t.common.skipToContent}
        </a>
        <SiteHeader lang={lang} t={t} user={user} />
        <main id="main" className="main" tabIndex={-1}>
          {children}
        </main>
        <footer className="site-footer">
          <div className="container row row--between">
            <span>
              © {new Date().getFullYear()} {t.footer.rights}
            </span>
            <Link href="/privacy">{t.footer.privacy}</Link>
          </div>
        </footer>
      </body>
    </html>
  )
}
