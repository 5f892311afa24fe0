import Link from 'next/link'

import type { Dict, Lang } from '../i18n'
import type { PortalUser } from '../queries/session'
import { AccountMenu } from './AccountMenu'
import { LanguageSwitch } from './LanguageSwitch'
import { Logo } from './Logo'

/** Logo, News, the language switch and — upper right — Login/Registration or the account menu. */
export function SiteHeader({ lang, t, user }: { lang: Lang; t: Dict; user: PortalUser | null }) {
  const firstName = user?.name?.split(/\s+/)[0] || user?.email || ''
  return (
    <header className="site-header">
      <div className="container site-header__bar">
        <Link href={user ? '/account' : '/'} className="site-header__logo" aria-label={t.nav.home}>
          <Logo />
        </Link>
        <nav className="site-header__nav" aria-label={t.nav.main}>
          <Link href="/news">{t.nav.news}</Link>
        </nav>
        <div className="site-header__spacer" />
        <div className="site-header__actions">
          <LanguageSwitch lang={lang} label={t.nav.language} />
          {user ? (
            <AccountMenu
              name={firstName}
              t={{
                accountMenu: t.nav.accountMenu,
                account: t.nav.account,
                controllers: t.nav.controllers,
                orders: t.nav.orders,
                profile: t.nav.profile,
                logout: t.nav.logout,
                loggingOut: t.nav.loggingOut,
              }}
            />
          ) : (
            <>
              <Link href="/login">{t.nav.login}</Link>
              <Link href="/register" className="btn btn--small btn--primary-inverse">
                {t.nav.register}
              </Link>
            </>
          )}
        </div>
      </div>
    </header>
  )
}
