import type { Access, CollectionConfig } from 'payload'

import { closedCollection } from '@/access/closed-collection'
import { editorFieldOnly, editorsOnly, isEditor, isStaff, nobody } from '@/access/roles'

/** Staff see every help page; everybody else only published ones. */
const readHelpPages: Access = ({ req: { user } }) => (isStaff(user) || isEditor(user) ? true : { published: { equals: true } })

/**
 * Public help pages for customers ("How do I get a license request code?", "How do I apply a
 * license?"), written and updated by editors in the admin, in English and Russian; shown at /help/<slug>.
 */
export const HelpPages: CollectionConfig = closedCollection({
  slug: 'help-pages',
  labels: { singular: { en: 'Help page', ru: 'Страница справки' }, plural: { en: 'Help pages', ru: 'Справка' } },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'slug', 'published', 'updatedAt'],
    group: { en: 'Content', ru: 'Контент' },
    hidden: ({ user }) => !isEditor(user),
    preview: (doc) => (doc?.slug ? `/help/${encodeURIComponent(String(doc.slug))}` : null),
  },
  access: {
    read: readHelpPages,
    create: editorsOnly,
    update: editorsOnly,
    delete: editorsOnly,
    readVersions: nobody,
  },
  duplicate: 'closed',
  fieldWrites: { create: editorFieldOnly, update: editorFieldOnly },
  fields: [
    { name: 'title', type: 'text', required: true, localized: true, maxLength: 200, label: { en: 'Title', ru: 'Заголовок' } },
    {
      name: 'slug',
      type: 'text',
      required: true,
      unique: true,
      index: true,
      label: { en: 'Address (slug)', ru: 'Адрес (slug)' },
      admin: { position: 'sidebar', description: 'The page is at /help/<slug>; the portal links to license-request-code and apply-license.' },
      validate: (v: unknown) => (typeof v === 'string' && /^[a-z0-9]+(-[a-z0-9]+)*$/.test(v) && v.length <= 80 ? true : 'Slug: lower-case letters, digits and dashes, e.g. apply-license.'),
    },
    { name: 'published', type: 'checkbox', defaultValue: false, index: true, label: { en: 'Published', ru: 'Опубликовано' }, admin: { position: 'sidebar' } },
    { name: 'content', type: 'richText', localized: true, label: { en: 'Content', ru: 'Текст' } },
  ],
  timestamps: true,
})
