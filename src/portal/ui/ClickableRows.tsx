'use client'
/**
 * A table body whose rows (`<tr data-href>`, rendered on the server) open their `href` on a click or
 * double-click anywhere in them. Keyboard users reach the same place through the real link in the row
 * (Enter on it), so the rows themselves are not tab stops.
 *
 * One client component for the whole body instead of one per row (and plain <a> instead of next/link
 * in the rows): a list of 50 rows then costs the server no per-row client components to render and
 * serialise. A plain left click on a same-origin link in the body navigates on the client, as
 * next/link does (without prefetch); modified clicks, other targets and downloads stay the browser's.
 */
import { useRouter } from 'next/navigation'
import type React from 'react'

export function ClickableRows({ children }: { children: React.ReactNode }) {
  const router = useRouter()
  const onClick = (e: React.MouseEvent<HTMLTableSectionElement>) => {
    if (e.defaultPrevented) return
    const target = e.target as HTMLElement
    const link = target.closest('a')
    if (link) {
      const plain = e.button === 0 && !e.metaKey && !e.ctrlKey && !e.shiftKey && !e.altKey
      if (!plain || (link.target && link.target !== '_self') || link.hasAttribute('download') || link.origin !== window.location.origin) return
      e.preventDefault()
      router.push(link.pathname + link.search + link.hash)
      return
    }
    openRow(e)
  }
  const openRow = (e: React.MouseEvent<HTMLTableSectionElement>) => {
    const target = e.target as HTMLElement
    if (target.closest('a, button, input, select, textarea')) return
    const href = target.closest<HTMLElement>('tr[data-href]')?.dataset.href
    if (href) router.push(href)
  }
  return (
    <tbody onClick={onClick} onDoubleClick={openRow}>
      {children}
    </tbody>
  )
}
