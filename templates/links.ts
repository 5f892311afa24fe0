/** Absolute links in e-mails: the site's public URL (SERVER_URL) plus a path; contexts carry ids, not URLs. */
import { serverURL } from '@/config/env'

export function siteUrl(path: string, base?: unknown): string {
  const origin = typeof base === 'string' && base ? base.replace(/\/+$/, '') : serverURL()
  return origin + (path.startsWith('/') ? path : `/${path}`)
}

export const controllerUrl = (id: unknown, base?: unknown) => siteUrl(`/account/controllers/${encodeURIComponent(String(id ?? ''))}`, base)
export const orderUrl = (id: unknown, base?: unknown) => siteUrl(`/account/orders/${encodeURIComponent(String(id ?? ''))}`, base)

/**
 * The portal's buy page for one option of a controller, with that option (and, for a rental, the period)
 * chosen: the customer only confirms. `months` set: rent for that long (renewals start at the current end).
 */
export function buyUrl(controllerId: unknown, code: unknown, months?: unknown, base?: unknown): string {
  const query = new URLSearchParams({ option: String(code ?? '') })
  if (typeof months === 'number' && Number.isInteger(months) && months > 0) query.set('months', String(months))
  return siteUrl(`/account/controllers/${encodeURIComponent(String(controllerId ?? ''))}/buy?${query}`, base)
}
