'use client'
/**
 * A table row that opens `href` on a click or double-click anywhere in it. Keyboard users reach the
 * same place through the real link in the row (Enter on it), so the row itself is not a tab stop.
 */
import { useRouter } from 'next/navigation'
import type React from 'react'

export function ClickableRow({ href, children }: { href: string; children: React.ReactNode }) {
  const router = useRouter()
  const go = (e: React.MouseEvent) => {
    if ((e.target as HTMLElement).closest('a, button, input, select, textarea')) return
    router.push(href)
  }
  return (
    <tr className="is-clickable" onClick={go} onDoubleClick={go} data-href={href}>
      {children}
    </tr>
  )
}
