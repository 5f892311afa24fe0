/**
 * News for customers, in English and Russian, with drafts, versions, scheduled publishing and live
 * preview. Readers see published items only; editors and admins manage them. The first time an item
 * is published, one fan-out job mails it to the subscribers (hooks/queueNewsFanoutOnFirstPublish).
 */
import type { CollectionConfig } from 'payload'

import { closedCollection, neverField } from '@/access/closed-collection'
import { editorFieldOnly, editorsOnly, isEditor, publishedOrEditors } from '@/access/roles'
import { fillNewsSlug } from '@hooks/fillNewsSlug'
import { keepNewsFanoutMarker } from '@hooks/keepNewsFanoutMarker'
import { queueNewsFanoutOnFirstPublish } from '@hooks/queueNewsFanoutOnFirstPublish'
import { setNewsPublishedAt } from '@hooks/setNewsPublishedAt'
import { serverURL } from '@/config/env'
import { NEWS_CATEGORIES } from '@/news/categories'
import { SLUG_PATTERN } from '@/news/slugify'
import { newsContentEditor } from './content-editor'

export const News: CollectionConfig = closedCollection({
  slug: 'news',
  labels: { singular: { en: 'News item', ru: 'Новость' }, plural: { en: 'News', ru: 'Новости' } },
  admin: {
    useAsTitle: 'title',
    defaultColumns: ['title', 'category', '_status', 'publishedAt', 'updatedAt'],
    group: { en: 'Content', ru: 'Контент' },
    hidden: ({ user }) => !isEditor(user),
    livePreview: {
      url: ({ data, locale }) => `${serverURL()}/news/${encodeURIComponent(String(data?.slug ?? ''))}?preview=1&lang=${locale?.code ?? 'en'}`,
      breakpoints: [
        { name: 'mobile', label: 'Mobile', width: 390, height: 844 },
        { name: 'desktop', label: 'Desktop', width: 1280, height: 800 },
      ],
    },
    preview: (doc, { locale }) => `${serverURL()}/news/${encodeURIComponent(String(doc?.slug ?? ''))}?preview=1&lang=${locale}`,
  },
  access: {
    read: publishedOrEditors,
    readVersions: editorsOnly,
    create: editorsOnly,
    update: editorsOnly,
    delete: editorsOnly,
  },
  // Only editors and admins create news; a copy is a new draft that needs its own slug.
  duplicate: 'allowed',
  fieldWrites: { create: editorFieldOnly, update: editorFieldOnly },
  versions: {
    maxPerDoc: 50,
    drafts: { autosave: { interval: 2000 }, schedulePublish: true },
  },
  hooks: {
    beforeValidate: [fillNewsSlug],
    beforeChange: [setNewsPublishedAt, keepNewsFanoutMarker],
    afterChange: [queueNewsFanoutOnFirstPublish],
  },
  fields: [
    { name: 'title', type: 'text', required: true, localized: true, maxLength: 200, label: { en: 'Title', ru: 'Заголовок' } },
    {
      name: 'slug',
      type: 'text',
      required: true,
      unique: true,
      index: true,
      maxLength: 100,
      label: { en: 'Slug', ru: 'Адрес (slug)' },
      validate: (value: unknown) =>
        typeof value === 'string' && SLUG_PATTERN.test(value) ? true : 'The slug may contain only lower-case latin letters, digits and single hyphens.',
      admin: { position: 'sidebar', description: 'Made from the title when left empty; used in the page address /news/<slug>.' },
    },
    {
      name: 'excerpt',
      type: 'textarea',
      localized: true,
      maxLength: 500,
      label: { en: 'Excerpt', ru: 'Краткое описание' },
      admin: { description: 'One or two sentences for the news list, the feed, the e-mail and link previews.' },
    },
    { name: 'content', type: 'richText', localized: true, editor: newsContentEditor, label: { en: 'Content', ru: 'Текст' } },
    { name: 'cover', type: 'upload', relationTo: 'media', label: { en: 'Cover image', ru: 'Обложка' } },
    {
      name: 'category',
      type: 'select',
      required: true,
      defaultValue: 'news',
      index: true,
      options: NEWS_CATEGORIES.map((c) => ({ value: c.value, label: c.label })),
      label: { en: 'Category', ru: 'Категория' },
      admin: { position: 'sidebar' },
    },
    {
      name: 'firmwareReleasedAt',
      type: 'date',
      label: { en: 'Firmware release date', ru: 'Дата выпуска прошивки' },
      admin: {
        position: 'sidebar',
        condition: (data) => data?.category === 'firmware',
        date: { pickerAppearance: 'dayOnly', displayFormat: 'yyyy-MM-dd' },
        description: 'The release date of the firmware this item announces: controllers install it when their firmware updates are covered until at least this date. The news page says so.',
      },
    },
    {
      name: 'author',
      type: 'relationship',
      relationTo: 'users',
      label: { en: 'Author', ru: 'Автор' },
      defaultValue: ({ user }: { user?: { id?: string | number } | null }) => user?.id,
      filterOptions: { roles: { in: ['editor', 'admin'] } },
      admin: { position: 'sidebar' },
    },
    {
      name: 'publishedAt',
      type: 'date',
      index: true,
      label: { en: 'Publish date', ru: 'Дата публикации' },
      admin: { position: 'sidebar', date: { pickerAppearance: 'dayAndTime' }, description: 'Set automatically on first publication.' },
    },
    {
      name: 'fanoutQueuedAt',
      type: 'date',
      label: { en: 'Mailed to subscribers at', ru: 'Разослано подписчикам' },
      access: { read: editorFieldOnly, create: neverField, update: neverField },
      admin: { position: 'sidebar', readOnly: true, description: 'Set once, when the first publication queued the e-mail to subscribers.' },
    },
  ],
})
