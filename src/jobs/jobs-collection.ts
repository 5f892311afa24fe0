/**
 * Payload's payload-jobs collection, shown to admins and managers in the admin (System → Jobs) with
 * the columns that tell what failed and why; read-only for them, invisible to everybody else.
 */
import type { CollectionConfig } from 'payload'

import { isStaff, staffOnly } from '@/access/roles'

export function jobsCollection({ defaultJobsCollection }: { defaultJobsCollection: CollectionConfig }): CollectionConfig {
  return {
    ...defaultJobsCollection,
    labels: { singular: { en: 'Job', ru: 'Задание' }, plural: { en: 'Jobs', ru: 'Задания' } },
    admin: {
      ...defaultJobsCollection.admin,
      group: { en: 'System', ru: 'Система' },
      hidden: ({ user }) => !isStaff(user),
      useAsTitle: 'taskSlug',
      defaultColumns: ['taskSlug', 'input', 'totalTried', 'hasError', 'error', 'processing', 'waitUntil', 'completedAt', 'createdAt'],
      description: 'Background work: e-mails, news mailings and backups. A job with "hasError" has used up its retries; its error says why.',
    },
    access: { ...defaultJobsCollection.access, read: staffOnly },
  }
}
