import type { User } from '@payload-types'
import type { CollectionAfterChangeHook } from 'payload'

import { serverURL } from '@/config/env'
import { queueEmail } from '@/mail/queue-email'
import { langOf } from '@/i18n/languages'

/**
 * After a registration: queue the verification e-mail (template verify-email, HTML and text, in the
 * user's language) in the registration's own transaction. The link goes to the portal's /verify page.
 */
export const queueVerificationEmail: CollectionAfterChangeHook<User> = async ({ doc, operation, req }) => {
  if (operation !== 'create' || !req.context.queueVerificationEmail) return doc
  req.context.queueVerificationEmail = false
  if (doc._verified || !doc.email) return doc
  const stored = await req.payload.db.findOne<{ id: string | number; _verificationToken?: string | null }>({
    collection: 'users',
    where: { id: { equals: doc.id } },
    req,
  })
  const token = stored?._verificationToken
  if (!token) return doc
  await queueEmail(
    req.payload,
    {
      template: 'verify-email',
      to: doc.email,
      lang: langOf(doc.language),
      context: { name: doc.name ?? '', url: `${serverURL()}/verify?token=${encodeURIComponent(token)}` },
    },
    { req },
  )
  return doc
}
