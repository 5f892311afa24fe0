import type React from 'react'

import { AccountNav } from '@/portal/components/AccountNav'
import { getI18n } from '@/portal/i18n/get-lang'

/** The account's section tabs above every account page (each page checks the login itself). */
export default async function AccountLayout({ children }: { children: React.ReactNode }) {
  const { t } = await getI18n()
  return (
    <>
      <AccountNav
        label={t.nav.accountMenu}
        items={[
          { href: '/account', label: t.nav.account },
          { href: '/account/controllers', label: t.nav.controllers },
          { href: '/account/orders', label: t.nav.orders },
          { href: '/account/profile', label: t.nav.profile },
        ]}
      />
      <div className="container page">{children}</div>
    </>
  )
}
