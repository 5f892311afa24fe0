/**
 * Payload's payload-jobs collection, shown to admins and managers in the admin (System → Jobs) with
 * the columns that tell what failed and why; read-only for them, invisible to everybody else.
 *
 * A queued e-mail carries its links in the job's input, and some of those links carry a token
 * (verify an address, confirm an e-mail change, close an account, unsubscribe). Whoever read that
 * token could act as its owner, so every read through the API (not the runner, which reads the
 * table directly, nor server code with overrideAccess) shows `token=[hidden]` instead.
 */
import type { CollectionConfig, Field, FieldHook, JobsConfig } from 'payload'

import { closedCollection, neverField } from '@/access/closed-collection'
import { isAdmin, isStaff, nobody, staffOnly } from '@/access/roles'

const TOKEN_PARAM = /([?&][A-Za-z_]*token=)[^&#\s"'<>]+/gi

/** A copy of a job's JSON with every `…token=<value>` in its strings replaced by `…token=[hidden]`. */
export function hideTokens(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(TOKEN_PARAM, '$1[hidden]')
  if (Array.isArray(value)) return value.map(hideTokens)
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, hideTokens(v)]))
  return value
}

const hideTokensOnRead: FieldHook = ({ value, overrideAccess }) => (overrideAccess ? value : hideTokens(value))

/** The job fields whose JSON may quote a message's links: its input and the log of its task runs. */
const WITH_LINKS = new Set(['input', 'log'])

const withTokenHiding = (fields: Field[]): Field[] =>
  fields.map((field) =>
    'name' in field && field.type !== 'ui' && WITH_LINKS.has(field.name) ? ({ ...field, hooks: { ...field.hooks, afterRead: [...(field.hooks?.afterRead ?? []), hideTokensOnRead] } } as Field) : field,
  )

/**
 * Who may use the jobs routes of the REST API (GET /api/payload-jobs/run, /handle-schedules) and
 * the Local API without overrideAccess: jobs are queued by server code and run by src/jobs/runner.ts
 * (payload.jobs, which overrides access), so only an admin may run them by hand and nobody queues or
 * cancels one that way. Payload's default is any logged-in user for all three.
 */
export const jobsAccess: NonNullable<JobsConfig['access']> = {
  run: ({ req }) => isAdmin(req.user),
  queue: () => false,
  cancel: () => false,
}

export function jobsCollection({ defaultJobsCollection }: { defaultJobsCollection: CollectionConfig }): CollectionConfig {
  return closedCollection({
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
    // Jobs are queued and run by the server (payload.jobs, the runner); over the API staff only read them.
    access: { read: staffOnly, create: nobody, update: nobody, delete: nobody, readVersions: nobody },
    duplicate: 'closed',
    fieldWrites: { create: neverField, update: neverField },
    fields: withTokenHiding(defaultJobsCollection.fields),
  })
}
