/**
 * The field matrix, generated from the running config: for every collection, every data field (each
 * leaf of groups and arrays too, e.g. `entitlements.0.state`), every role and each way into Payload's
 * writes — create (`POST /api/<slug>`), update (`PATCH /api/<slug>/:id`) and duplicate
 * (`POST /api/<slug>/:id/duplicate`) — one request sets that field alone to a new valid value, and the
 * database is read back: the cell lists the roles whose value landed. For users the password is one
 * more field (landed: the new password logs in). The expected rows are in field-matrix.expected.ts;
 * a field the table lacks fails. FIELD_MATRIX_RECORD=<file> writes what was seen.
 *
 * When a role's first request of an operation is refused outright (401, 403, 404, 405) the operation is
 * closed to it before any field is looked at, so its other fields are not asked again.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { CollectionSlug, FlattenedField } from 'payload'

import { tokenFor } from '../hardening/fixtures'
import { createController, createOption } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'
import { expectedFields } from './field-matrix.expected'
import { bodyFor, changedValue, getAt, leaves, normalise, pathKey, type Leaf, type Pools } from './field-values'
import { ROLES, type Role } from './route-matrix.expected'
import { createBody } from './route-requests'
import { makeSubject, usersOfEveryRole, type Id, type World } from './subjects'
import { recordSeen } from './record'

const OPS = ['create', 'update', 'duplicate'] as const
type Op = (typeof OPS)[number]

let server: TestServer
let world: World
const tokens: Partial<Record<Role, string>> = {}
const subjects = new Map<string, Id | null>()
const seen: Record<string, string> = {}
const pool = new Map<string, Id[]>()

const pools: Pools = {
  // The second document first: the subject's own values change as the cells run (an option taken off
  // sale by one row would make the next row's order fail for that reason, not for access).
  idOf: (collection, not) => [...(pool.get(collection) ?? [])].reverse().find((id) => String(id) !== String(not)) ?? 999999,
}

async function readDoc(slug: string, id: Id): Promise<Record<string, unknown> | null> {
  const doc: object | null = await server.payload.findByID({ collection: slug as CollectionSlug, id, overrideAccess: true, depth: 0, disableErrors: true, showHiddenFields: true })
  return doc ? { ...doc } : null
}
async function newest(slug: string): Promise<Record<string, unknown> | null> {
  const r = await server.payload.find({ collection: slug as CollectionSlug, sort: '-id', limit: 1, overrideAccess: true, depth: 0, showHiddenFields: true })
  const doc: object | undefined = r.docs[0]
  return doc ? { ...doc } : null
}
const count = async (slug: string) => (await server.payload.count({ collection: slug as CollectionSlug, overrideAccess: true })).totalDocs

/** The body a create needs besides the field under test. */
async function createBase(slug: string): Promise<Record<string, unknown>> {
  if (slug === 'orders') {
    const controller = await createController(server.payload, { owner: world.owner.id })
    return { controller: controller.id, items: [{ option: world.option.id }] }
  }
  return createBody(slug, world)
}

function createBaseline(field: FlattenedField): unknown {
  if ('defaultValue' in field && field.defaultValue !== undefined && typeof field.defaultValue !== 'function') return field.defaultValue
  if (field.type === 'checkbox') return false
  if ((field.type === 'relationship' || field.type === 'upload') && field.relationTo === 'users') return world.owner.id
  return undefined
}

const same = (a: unknown, b: unknown) => JSON.stringify(normalise(a)) === JSON.stringify(normalise(b))

/** One request setting one leaf as one role through one operation: did the value land? */
async function attempt(slug: string, fields: FlattenedField[], leaf: Leaf, role: Role, op: Op): Promise<{ landed: boolean; status: number }> {
  const subjectId = subjects.get(slug)
  const current = subjectId == null ? null : await readDoc(slug, subjectId)
  // A create's value must differ from what the server would store without it: the field's default, or
  // (for a link to a user) the caller the server fills in; an update's and a copy's from the stored one.
  const value = changedValue(leaf.field, op === 'create' ? createBaseline(leaf.field) : getAt(current, leaf.path), pools)
  const token = tokens[role]
  if (op === 'update') {
    if (subjectId == null) return { landed: false, status: 404 }
    const res = await server.api('PATCH', `/api/${slug}/${subjectId}`, { token, body: bodyFor(current, fields, leaf.path, value, pools) })
    const after = await readDoc(slug, subjectId)
    return { landed: same(getAt(after, leaf.path), value) && !same(getAt(current, leaf.path), value), status: res.status }
  }
  const before = await count(slug)
  const res =
    op === 'create'
      ? await server.api('POST', `/api/${slug}`, { token, body: { ...(await createBase(slug)), ...bodyFor(null, fields, leaf.path, value, pools) } })
      : subjectId == null
        ? { status: 404 }
        : await server.api('POST', `/api/${slug}/${subjectId}/duplicate`, { token, body: bodyFor(current, fields, leaf.path, value, pools) })
  if ((await count(slug)) === before) return { landed: false, status: res.status }
  return { landed: same(getAt(await newest(slug), leaf.path), value), status: res.status }
}

/**
 * Puts the owner's account back as it was when a cell changed it (a role, an address, the verified
 * flag…), so the next cells still act as that customer, and logs them in again.
 */
async function restoreOwner(): Promise<void> {
  const p = server.payload
  const doc = await readDoc('users', world.owner.id)
  const intact = doc?.email === world.owner.email && JSON.stringify(doc?.roles) === '["customer"]' && doc?._verified === true && !doc?.lockUntil && doc?.hash === ownerHash
  if (intact) return
  await p.update({
    collection: 'users',
    id: world.owner.id,
    overrideAccess: true,
    data: { email: world.owner.email, roles: ['customer'], _verified: true, password: TEST_PASSWORD, lockUntil: null, loginAttempts: 0 } as never,
    // Trusted tooling's mark for a password write (collections/Users/account-writes.ts).
    context: { pumotixAccountWrite: true },
  })
  tokens.owner = await tokenFor(p, world.owner.email)
  ownerHash = (await readDoc('users', world.owner.id))?.hash
}
let ownerHash: unknown

/** The password, which is no field: landed when the new one logs in (then the old one is put back). */
async function attemptPassword(role: Role, op: Op): Promise<{ landed: boolean; status: number }> {
  const p = server.payload
  const password = `changed-${Math.random().toString(36).slice(2)}`
  const owner = world.owner
  let email = owner.email
  let res: { status: number }
  if (op === 'update') res = await server.api('PATCH', `/api/users/${owner.id}`, { token: tokens[role], body: { password } })
  else if (op === 'duplicate') res = await server.api('POST', `/api/users/${owner.id}/duplicate`, { token: tokens[role], body: { password } })
  else {
    const body = createBody('users', world)
    email = String(body.email)
    res = await server.api('POST', '/api/users', { token: tokens[role], body: { ...body, password } })
    await p.update({ collection: 'users', where: { email: { equals: email } }, overrideAccess: true, data: { _verified: true } as never })
  }
  const landed = await p.login({ collection: 'users', data: { email, password } }).then(
    () => true,
    () => false,
  )
  await restoreOwner()
  return { landed: landed && op !== 'create', status: res.status }
}

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_LOGIN: '100000', RATE_LIMIT_REGISTER: '100000' })
  const p = server.payload
  const owner = await createUser(p, 'customer')
  world = { payload: p, owner, option: await createOption(p) }
  Object.assign(tokens, (await usersOfEveryRole(world, ROLES)).tokens)
  for (const c of p.config.collections) {
    const subject = c.slug === 'users' ? { id: owner.id } : await makeSubject(world, c.slug)
    subjects.set(c.slug, subject?.id ?? null)
    // A second document of each collection, for relationship values that differ from the stored ones.
    const second = c.slug === 'users' ? await createUser(p, 'customer') : await makeSubject(world, c.slug)
    pool.set(c.slug, [subject?.id, second?.id].filter((x): x is Id => x != null))
  }
  ownerHash = (await readDoc('users', owner.id))?.hash
  // The controller carries one bought option, so its entitlement rows have a row to change.
  const controllerId = subjects.get('controllers')
  if (controllerId != null) {
    await p.update({ collection: 'controllers', id: controllerId, overrideAccess: true, data: { entitlements: [{ option: world.option.id, state: 'awaiting_payment', source: 'purchase' }] } as never })
  }
})

afterAll(async () => {
  recordSeen(process.env.FIELD_MATRIX_RECORD, seen)
  await server?.close()
})

const SLUGS = [...new Set(Object.keys(expectedFields).map((k) => k.split(' ')[0]))]

test('the table has a row for every field of every collection, and none for a field that does not exist', () => {
  const present: string[] = []
  for (const c of server.payload.config.collections) {
    for (const leaf of leaves(c.flattenedFields)) present.push(`${c.slug} ${pathKey(leaf.path)}`)
    if (c.auth) present.push(`${c.slug} password`)
  }
  expect({ missing: present.filter((k) => !(k in expectedFields)), gone: Object.keys(expectedFields).filter((k) => !present.includes(k)) }).toEqual({ missing: [], gone: [] })
})

describe('every field × every role × create, update, duplicate', () => {
  test.each(SLUGS.length ? SLUGS : ['(empty table)'])('%s', async (slug) => {
    const config = server.payload.config.collections.find((c) => c.slug === slug)
    if (!config) throw new Error(`no collection ${slug}`)
    const all: (Leaf | 'password')[] = [...leaves(config.flattenedFields), ...(config.auth ? (['password'] as const) : [])]
    const closed = new Set<string>()
    const mismatches: string[] = []
    for (const leaf of all) {
      const name = leaf === 'password' ? 'password' : pathKey(leaf.path)
      const cells: string[] = []
      const statuses: string[] = []
      for (const op of OPS) {
        const landed: Role[] = []
        for (const role of ROLES) {
          if (closed.has(`${op} ${role}`)) continue
          const r = leaf === 'password' ? await attemptPassword(role, op) : await attempt(slug, config.flattenedFields, leaf, role, op)
          if (slug === 'users') await restoreOwner()
          if (r.status >= 500) mismatches.push(`${slug} ${name}: ${op} as ${role} answered ${r.status}`)
          statuses.push(`${op}/${role}:${r.status}`)
          if (r.landed) landed.push(role)
          else if ([401, 403, 404, 405].includes(r.status)) closed.add(`${op} ${role}`)
        }
        cells.push(`${op}: ${landed.join(' ') || '-'}`)
      }
      const got = cells.join(' | ')
      const key = `${slug} ${name}`
      seen[key] = got
      if (expectedFields[key] !== undefined && expectedFields[key] !== got) mismatches.push(`${key}\n    want ${expectedFields[key]}\n    got  ${got}\n    (${statuses.join(' ')})`)
    }
    expect(mismatches).toEqual([])
  }, 900_000)
})
