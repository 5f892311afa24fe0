/**
 * Uploaded images for news (covers and images inside the text). Files live under DATA_DIR/media and
 * are served by Payload at /api/media/file/<name>; sharp makes the resized variants.
 */
import path from 'node:path'
import type { CollectionConfig } from 'payload'

import { closedCollection } from '@/access/closed-collection'
import { anyone, editorFieldOnly, editorsOnly, isEditor, nobody } from '@/access/roles'
import { dataDir } from '@/config/env'

export const mediaDir = () => path.join(dataDir(), 'media')

export const Media: CollectionConfig = closedCollection({
  slug: 'media',
  labels: { singular: { en: 'Image', ru: 'Изображение' }, plural: { en: 'Media', ru: 'Медиафайлы' } },
  admin: {
    useAsTitle: 'alt',
    defaultColumns: ['filename', 'alt', 'mimeType', 'createdAt'],
    group: { en: 'Content', ru: 'Контент' },
    hidden: ({ user }) => !isEditor(user),
  },
  // Images appear on public news pages, so anyone may read them; only editors and admins change them.
  access: { read: anyone, create: editorsOnly, update: editorsOnly, delete: editorsOnly, readVersions: nobody },
  duplicate: 'closed',
  fieldWrites: { create: editorFieldOnly, update: editorFieldOnly },
  upload: {
    staticDir: mediaDir(),
    mimeTypes: ['image/png', 'image/jpeg', 'image/webp', 'image/gif', 'image/svg+xml'],
    adminThumbnail: 'thumbnail',
    focalPoint: true,
    imageSizes: [
      { name: 'thumbnail', width: 400, height: 300, position: 'centre' },
      { name: 'card', width: 768, height: 432, position: 'centre' },
      { name: 'og', width: 1200, height: 630, position: 'centre' },
    ],
  },
  fields: [
    {
      name: 'alt',
      type: 'text',
      required: true,
      localized: true,
      maxLength: 300,
      label: { en: 'Alternative text', ru: 'Альтернативный текст' },
      admin: { description: 'Describes the image for screen readers and when it cannot be shown.' },
    },
  ],
})
