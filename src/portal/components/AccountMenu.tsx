'use client'
/**
 * The logged-in user's menu in the header (a <details> disclosure, usable without script), closed
 * again after each navigation, on Escape and on a click elsewhere. Holds the Logout button.
 */
import Link from 'next/link'
import { usePathname, useRouter } from 'next/navigation'
import { useEffect, useRef, useState } from 'react'

import { apiRequest } from '../api-client'

export interface AccountMenuTexts {
  accountMenu: string
  account: string
  controllers: string
  orders: string
  profile: string
  logout: string
  loggingOut: string
}

export function AccountMenu({ name, t }: { name: string; t: AccountMenuTexts }) {
  const ref = useRef<HTMLDetailsElement>(null)
  const pathname = usePathname()
  const router = useRouter()
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (ref.current) ref.current.open = false
  }, [pathname])

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape' && ref.current?.open) {
        ref.current.open = false
        ref.current.querySelector('summary')?.focus()
      }
    }
    const onClick = (e: MouseEvent) => {
      if (ref.current?.open && !ref.current.contains(e.target as Node)) ref.current.open = false
    }
    document.addEventListener('keydown', onKey)
    document.addEventListener('click', onClick)
    return () => {
      document.removeEventListener('keydown', onKey)
      document.removeEventListener('click', onClick)
    }
  }, [])

  const logout = async () => {
    setBusy(true)
    await apiRequest('POST', '/api/users/logout')
    router.push('/login?loggedOut=1')
    router.refresh()
  }

  return (
    <details className="menu" ref={ref}>
      <summary aria-label={`${t.accountMenu}: ${name}`}>{name}</summary>
      <ul className="menu__list">
        <li>
          <Link href="/account">{t.account}</Link>
        </li>
        <li>
          <Link href="/account/controllers">{t.controllers}</Link>
        </li>
        <li>
          <Link href="/account/orders">{t.orders}</Link>
        </li>
        <li>
          <Link href="/account/profile">{t.profile}</Link>
        </li>
        <li>
          <hr />
        </li>
        <li>
          <button type="button" onClick={logout} disabled={busy}>
            {busy ? t.loggingOut : t.logout}
          </button>
        </li>
      </ul>
    </details>
  )
}
