/**
 * Every collection of the RUNNING configuration (payload.config.collections after Payload has added
 * its own) states a rule for every operation Payload offers on it, decides duplicate, and — where built
 * with closedCollection — states create/update access on every data field. Payload fills a rule left out
 * with "any logged-in user", so a rule that is merely present proves nothing: the rule in force must be
 * the one stated (src/access/closed-collection.ts records it), or, for the auth collection, not one of
 * Payload's defaults.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { Field, PayloadRequest, SanitizedCollectionConfig } from 'payload'

import { CLOSED_ACCESS_KEY, type ClosedAccessRecord } from '@/access/closed-collection'
import { bootPayload, type TestContext } from '../support/payload'
// Payload's own defaults, from the very module its sanitizer uses.
import { defaultAccess } from '../../node_modules/payload/dist/auth/defaultAccess.js'
import { defaultUnlockAccess } from '../../node_modules/payload/dist/auth/defaultUnlockAccess.js'

let ctx: TestContext
let collections: SanitizedCollectionConfig[]

beforeAll(async () => {
  ctx = await bootPayload()
  collections = ctx.payload.config.collections
})
afterAll(async () => {
  await ctx?.stop()
})

const OPERATIONS = ['create', 'read', 'update', 'delete', 'readVersions'] as const
/** Fields Payload adds to a collection itself and writes itself (timestamps, ids, the draft status). */
const PAYLOAD_MANAGED = new Set(['id', 'createdAt', 'updatedAt', 'deletedAt', '_status'])
/**
 * Fields Payload's uploads (and the S3 adapter) add to an upload collection and fill from the file
 * itself; who may upload at all is the collection's create/update rule.
 */
const UPLOAD_MANAGED = new Set(['filename', 'mimeType', 'filesize', 'width', 'height', 'focalX', 'focalY', 'url', 'thumbnailURL', 'sizes', 'prefix', '_objectKey'])

const record = (c: SanitizedCollectionConfig) => c.custom?.[CLOSED_ACCESS_KEY] as ClosedAccessRecord | undefined

/** The problems of one collection's rules, as sentences (empty: closed by construction). */
function accessProblems(c: SanitizedCollectionConfig): string[] {
  const problems: string[] = []
  const access = c.access as Record<string, unknown>
  if (c.auth) {
    for (const op of ['create', 'read', 'update', 'delete', 'unlock', 'admin'] as const) {
      if (typeof access[op] !== 'function') problems.push(`${c.slug}: no rule for ${op}`)
      else if (access[op] === defaultAccess || access[op] === defaultUnlockAccess) problems.push(`${c.slug}: ${op} is Payload's default (any logged-in user)`)
    }
    if (c.versions && typeof access.readVersions !== 'function') problems.push(`${c.slug}: versions without a readVersions rule`)
    if (c.disableDuplicate !== true) problems.push(`${c.slug}: an auth collection that may be duplicated`)
    return problems
  }
  const stated = record(c)
  if (!stated) return [`${c.slug}: not built with closedCollection and not closed as a built-in (collections/built-in-collections.ts)`]
  for (const op of OPERATIONS) {
    if (typeof access[op] !== 'function') problems.push(`${c.slug}: no rule for ${op}`)
    else if (access[op] !== stated.stated[op]) problems.push(`${c.slug}: the ${op} rule in force is not the one stated`)
    else if (access[op] === defaultAccess) problems.push(`${c.slug}: ${op} is Payload's default (any logged-in user)`)
  }
  if (c.disableDuplicate !== true && stated.duplicate !== 'allowed') problems.push(`${c.slug}: duplicate allowed without saying so`)
  return problems
}

/** Data fields (at any depth) without a create or update rule. */
function unruledFields(fields: Field[], upload: boolean, path = ''): string[] {
  const out: string[] = []
  for (const field of fields) {
    const name = 'name' in field ? field.name : undefined
    const here = name ? `${path}${name}` : path
    if (name && path === '' && upload && UPLOAD_MANAGED.has(name)) continue
    if (name && field.type !== 'ui' && !PAYLOAD_MANAGED.has(name)) {
      const access = 'access' in field ? field.access : undefined
      if (typeof access?.create !== 'function' || typeof access?.update !== 'function') out.push(here)
    }
    const prefix = name ? `${here}.` : path
    if ('fields' in field && Array.isArray(field.fields)) out.push(...unruledFields(field.fields, upload, prefix))
    if (field.type === 'tabs') for (const tab of field.tabs) out.push(...unruledFields(tab.fields, upload, 'name' in tab && tab.name ? `${prefix}${tab.name}.` : prefix))
    if (field.type === 'blocks') for (const block of field.blocks ?? []) out.push(...unruledFields(block.fields, upload, `${prefix}${block.slug}.`))
  }
  return out
}

const fakeReq = (roles: string[] | null) => ({ user: roles ? { id: 999999, roles, collection: 'users' } : null, payload: ctx.payload }) as unknown as PayloadRequest

describe('the running configuration', () => {
  test('holds our collections and Payload’s own (a check that covered nothing would pass)', () => {
    const slugs = collections.map((c) => c.slug)
    for (const slug of ['users', 'orders', 'controllers', 'payload-jobs', 'payload-preferences', 'payload-locked-documents', 'payload-migrations']) expect(slugs).toContain(slug)
  })

  test('every collection states a rule for every operation and decides duplicate', () => {
    expect(collections.flatMap(accessProblems)).toEqual([])
  })

  test('every data field of a closedCollection states who creates and updates it', () => {
    const missing = collections.filter((c) => record(c)?.fieldsRuled).flatMap((c) => unruledFields(c.fields, Boolean(c.upload)).map((f) => `${c.slug}.${f}`))
    expect(missing).toEqual([])
  })

  test('where duplicate is allowed, neither a customer nor an anonymous caller may create', async () => {
    const allowed = collections.filter((c) => c.disableDuplicate !== true && !c.auth)
    expect(allowed.map((c) => c.slug).sort()).toEqual(['news', 'options'])
    for (const c of allowed) {
      for (const roles of [null, ['customer']]) expect(await c.access.create({ req: fakeReq(roles) })).toBeFalsy()
    }
  })

  test('every global Payload adds is closed as well', () => {
    const open = ctx.payload.config.globals.filter((g) => (['read', 'update'] as const).some((op) => typeof g.access?.[op] !== 'function' || g.access[op] === defaultAccess))
    expect(open.map((g) => g.slug)).toEqual([])
  })
})
