/** Help pages written by editors (collection help-pages), read as the visitor: only published ones. */
import type { HelpPage } from '@payload-types'
import type { Payload } from 'payload'

import type { Lang } from '../i18n'
import type { PortalUser } from './session'

export async function getHelpPage(payload: Payload, user: PortalUser | null, slug: string, lang: Lang): Promise<HelpPage | null> {
  if (!/^[a-z0-9-]{1,80}$/.test(slug)) return null
  const res = await payload.find({
    collection: 'help-pages',
    where: { and: [{ slug: { equals: slug } }, { published: { equals: true } }] },
    limit: 1,
    depth: 0,
    locale: lang,
    user: user ?? undefined,
    overrideAccess: false,
  })
  return res.docs[0] ?? null
}
