/** Absolute links in e-mails: the site's public URL (SERVER_URL) plus a path; contexts carry ids, not URLs. */
import { serverURL } from '@/config/env'

export function siteUrl(path: string, base?: unknown): string {
  const origin = typeof base === 'string' && base ? base.replace(/\/+$/, '') : serverURL()
  return origin + (path.startsWith('/') ? path : `/${path}`)
}

export const controllerUrl = (id: unknown, base?: unknown) => siteUrl(`/account/controllers/${encodeURIComponent(String(id ?? ''))}`, base)
export const orderUrl = (id: unknown, base?: unknown) => siteUrl(`/account/orders/${encodeURIComponent(String(id ?? ''))}`, base)
