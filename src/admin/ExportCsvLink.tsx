'use client'
/** "Export CSV" above a list: the list's current filter (?where…) applied to GET /api/<collection>/export.csv. */
import { usePathname, useSearchParams } from 'next/navigation'

export function exportHref(pathname: string, search: string): string | null {
  const slug = pathname.match(/\/collections\/([^/]+)/)?.[1]
  if (!slug) return null
  const params = new URLSearchParams(search)
  const keep = new URLSearchParams()
  for (const [k, v] of params) if (k.startsWith('where') || k === 'sort') keep.append(k, v)
  const q = keep.toString()
  return `/api/${slug}/export.csv${q ? `?${q}` : ''}`
}

export function ExportCsvLink() {
  const href = exportHref(usePathname() ?? '', useSearchParams()?.toString() ?? '')
  if (!href) return null
  return (
    <div style={{ margin: '0 0 12px', textAlign: 'right' }}>
      <a href={href} download data-testid="export-csv">
        Export CSV (current filter)
      </a>
    </div>
  )
}
