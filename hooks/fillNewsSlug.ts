import type { News } from '@payload-types'
import type { CollectionBeforeValidateHook } from 'payload'

import { slugify } from '@/news/slugify'

/**
 * News slug: normalised from what the editor typed, or made from the title (Cyrillic transliterated).
 * A slug made from the title gets -2, -3… when another item already uses it.
 */
export const fillNewsSlug: CollectionBeforeValidateHook<News> = async ({ data, originalDoc, req }) => {
  if (!data) return data
  const typed = typeof data.slug === 'string' ? slugify(data.slug) : ''
  if (typed) return { ...data, slug: typed }
  if (originalDoc?.slug) return { ...data, slug: originalDoc.slug }
  const base = slugify(typeof data.title === 'string' ? data.title : '')
  if (!base) return data // the slug stays empty and validation names the missing title/slug
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? base : `${base}-${n}`
    const taken = await req.payload.count({
      collection: 'news',
      where: { slug: { equals: candidate }, ...(originalDoc?.id != null ? { id: { not_equals: originalDoc.id } } : {}) },
      overrideAccess: true,
      req,
    })
    if (taken.totalDocs === 0) return { ...data, slug: candidate }
  }
  return { ...data, slug: `${base}-${Date.now().toString(36)}` }
}
