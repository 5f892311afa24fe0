/**
 * The collections Payload adds by itself — document locks, admin preferences, the migrations table,
 * its key-value store, and any other it may add — come with Payload's default rule, "any logged-in user", for most
 * operations, so a customer could list every lock (who edits which order), write locks, or read the
 * migrations table. Payload offers no setting for their access, so after buildConfig has sanitized
 * the configuration this states a rule for each of their operations in the sanitized config itself
 * (the objects the running Payload uses). payload-jobs is closed where it is made (src/jobs/jobs-collection.ts).
 */
import type { Access, Endpoint, FieldAccess, PayloadHandler, SanitizedConfig } from 'payload'

import { CLOSED_ACCESS_KEY, type ClosedAccessRecord, type CollectionAccess, neverField } from '@/access/closed-collection'
import { ADMIN_UI_ROLES, hasRole, nobody, sameId } from '@/access/roles'

/** Only people who use the admin (admins, managers, editors) have locks and admin preferences. */
const adminUiUsers: Access = ({ req }) => hasRole(req.user, ...ADMIN_UI_ROLES)

/** Both rules must allow (a Where from either is kept). */
const both =
  (a: Access, b: Access): Access =>
  async (args) => {
    const first = await a(args)
    if (!first) return false
    const second = await b(args)
    if (!second) return false
    if (first === true) return second
    if (second === true) return first
    return { and: [first, second] }
  }

const refuseOutsideAdminUi =
  (handler: PayloadHandler): PayloadHandler =>
  async (req) => {
    if (!hasRole(req.user, ...ADMIN_UI_ROLES)) return Response.json({ errors: [{ message: 'Only admin users have admin preferences.' }] }, { status: 403 })
    return handler(req)
  }

/** A lock names the person holding it: the admin moves a lock only to the person taking it over. */
const lockHolderIsCaller: FieldAccess = ({ req, siblingData }) => {
  const holder = (siblingData as { user?: { value?: unknown } | null } | undefined)?.user
  return Boolean(req.user) && sameId(holder && typeof holder === 'object' ? holder.value : holder, req.user?.id)
}

type BuiltInRule = { access: (payloadDefault: Access | undefined) => CollectionAccess; fields?: Record<string, { create: FieldAccess; update: FieldAccess }>; endpoints?: 'admin-ui-only' }

const RULES: Record<string, BuiltInRule> = {
  // The admin reads, moves (takes over) and deletes locks over REST as the user; Payload creates them itself (payload.db).
  'payload-locked-documents': {
    access: () => ({ read: adminUiUsers, create: nobody, update: adminUiUsers, delete: adminUiUsers, readVersions: nobody }),
    fields: { document: { create: neverField, update: neverField }, globalSlug: { create: neverField, update: neverField }, user: { create: neverField, update: lockHolderIsCaller } },
  },
  // Each admin user's own preferences (Payload's rule), and only admin users have any.
  'payload-preferences': {
    access: (own) => {
      const ownAndAdminUi = own ? both(own, adminUiUsers) : nobody
      return { read: ownAndAdminUi, create: adminUiUsers, update: ownAndAdminUi, delete: ownAndAdminUi, readVersions: nobody }
    },
    endpoints: 'admin-ui-only',
  },
  // Written by `payload migrate` and the start-up migrations only; Payload gives it no routes either.
  'payload-migrations': { access: () => ({ read: nobody, create: nobody, update: nobody, delete: nobody, readVersions: nobody }) },
  // Payload's key-value store (payload.kv), used by server code through the database adapter only.
  'payload-kv': { access: () => ({ read: nobody, create: nobody, update: nobody, delete: nobody, readVersions: nobody }) },
}

/** Any built-in this file does not know yet is closed to the API altogether until someone states its rules. */
const UNKNOWN: BuiltInRule = RULES['payload-migrations']

export function closeBuiltInCollections(config: SanitizedConfig): SanitizedConfig {
  for (const collection of config.collections) {
    if (collection.custom?.[CLOSED_ACCESS_KEY] || collection.auth) continue
    const rule = RULES[collection.slug] ?? UNKNOWN
    const access = rule.access(collection.access.read)
    collection.access = { ...collection.access, ...access }
    collection.disableDuplicate = true
    for (const field of collection.fields) {
      if (!('name' in field)) continue
      const writes = rule.fields?.[field.name]
      if (writes) Object.assign(field, { access: { ...('access' in field ? field.access : {}), ...writes } })
    }
    // No duplicate route (404, as for any route a collection lacks); `endpoints: false` would answer 501 instead.
    collection.endpoints = (collection.endpoints || []).filter((e: Endpoint) => e.path !== '/:id/duplicate')
    if (rule.endpoints === 'admin-ui-only') collection.endpoints = collection.endpoints.map((e: Endpoint) => ({ ...e, handler: refuseOutsideAdminUi(e.handler) }))
    const record: ClosedAccessRecord = { duplicate: 'closed', stated: access, fieldsRuled: false }
    collection.custom = { ...collection.custom, [CLOSED_ACCESS_KEY]: record }
  }
  return config
}
