'use client'
/** The account's section tabs, marking the current one (aria-current). */
import Link from 'next/link'
import { usePathname } from 'next/navigation'

export function AccountNav({ label, items }: { label: string; items: { href: string; label: string }[] }) {
  const pathname = usePathname() ?? ''
  const current = (href: string) => (href === '/account' ? pathname === href : pathname === href || pathname.startsWith(href + '/'))
  return (
    <nav className="subnav no-print" aria-label={label}>
      <div className="container">
        <ul>
          {items.map((i) => (
            <li key={i.href}>
              <Link href={i.href} aria-current={current(i.href) ? 'page' : undefined}>
                {i.label}
              </Link>
            </li>
          ))}
        </ul>
      </div>
    </nav>
  )
}
