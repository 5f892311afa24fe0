/**
 * The route matrix, generated from the running config: every REST route Payload registers for every
 * collection (its built-ins — find, count, create, update, delete, duplicate, versions, restore, access,
 * the auth and upload routes — and the product's endpoints) and the API's own root routes, called as
 * every role. Each cell is what happened, judged by the answer and by reading the database back:
 *
 *   read    a GET answered with the subject document (or its file)
 *   none    answered 2xx/3xx without the subject (a filtered list, an empty answer)
 *   write   the subject document (or the collection's count) changed
 *   ok      a non-GET call answered 2xx and changed nothing the matrix watches
 *   deny    401, 403, 404 or 405, nothing changed
 *   refuse  another 4xx (the caller may call it, the input was refused), nothing changed
 *
 * Any 5xx fails. A route the table lacks, or a row for a route that no longer exists, fails: a new
 * collection, field or endpoint is not done until its row says who may do what
 * (test/boundary/route-matrix.expected.ts). ROUTE_MATRIX_RECORD=<file> writes what was seen, as the
 * table's source, for reviewing a change.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { tokenFor } from '../hardening/fixtures'
import { createOption } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser } from '../support/users'
import { expectedRoutes, ROLES, type Role } from './route-matrix.expected'
import { callFor, FRESH_SUBJECT, type RouteContext } from './route-requests'
import { makeSubject, snapshot, usersOfEveryRole, type Subject, type World } from './subjects'
import { recordSeen } from './record'

const WEBHOOK_SECRET = 'route-matrix-webhook-secret'

interface Route {
  key: string
  slug: string
  method: string
  path: string
}

let server: TestServer
let world: World
const tokens: Partial<Record<Role, string>> = {}
const emails: Partial<Record<Role, string>> = {}
/** Routes that end the caller's session: each cell logs in afresh, so the role's session lives on. */
const ENDS_SESSION = new Set(['users POST /logout', 'users POST /refresh-token'])
const subjects = new Map<string, Subject | null>()
const seen: Record<string, string> = {}

/** Every route the running config registers, keyed `collection METHOD /path` (root routes: `root …`). */
function registeredRoutes(s: TestServer): Route[] {
  const routes: Route[] = []
  for (const c of s.payload.config.collections) {
    for (const e of c.endpoints || []) routes.push({ key: `${c.slug} ${e.method.toUpperCase()} ${e.path}`, slug: c.slug, method: e.method.toUpperCase(), path: e.path })
  }
  for (const e of s.payload.config.endpoints || []) routes.push({ key: `root ${e.method.toUpperCase()} ${e.path}`, slug: 'root', method: e.method.toUpperCase(), path: e.path })
  for (const g of s.payload.config.globals) {
    for (const e of g.endpoints || []) routes.push({ key: `globals/${g.slug} ${e.method.toUpperCase()} ${e.path}`, slug: `globals/${g.slug}`, method: e.method.toUpperCase(), path: e.path })
  }
  // A custom endpoint with the same method and path as a built-in shadows it: it is one route.
  return routes.filter((r, i) => routes.findIndex((o) => o.key === r.key) === i)
}

function readsSubject(body: unknown, text: string, json: boolean, route: Route, subject: Subject | null): boolean {
  if (!subject) return false
  const b = body as { id?: unknown; docs?: { id?: unknown; parent?: unknown }[]; totalDocs?: number; user?: { id?: unknown } } | undefined
  const same = (v: unknown) => v != null && String(v) === String(subject.id)
  if (route.path === '/count') return (b?.totalDocs ?? 0) > 0
  if (Array.isArray(b?.docs)) return b.docs.some((d) => same(d.id) || same(typeof d.parent === 'object' && d.parent ? (d.parent as { id?: unknown }).id : d.parent))
  if (b && 'id' in b) return same(b.id) || (subject.extra !== undefined && String(b.id) === subject.extra)
  if (b && 'user' in b) return same(b.user?.id)
  // Files, CSV and PDF answers: any content is the subject's data; JSON without it is not.
  return !json && text.length > 0
}

/** Routes whose allowed call consumes its subject (deletes, transfers…) get a new one after each write. */
const consumable = new Map<string, Subject | null>()
async function subjectFor(route: Route): Promise<Subject | null> {
  if (!(FRESH_SUBJECT.has(route.key) || route.method === 'DELETE')) return subjects.get(route.slug) ?? null
  if (!consumable.has(route.key)) consumable.set(route.key, await makeSubject(world, route.slug))
  return consumable.get(route.key) ?? null
}

async function cell(route: Route, role: Role): Promise<string> {
  const p = server.payload
  const subject = await subjectFor(route)
  const ctx: RouteContext = { world, subject, key: route.key, webhookSecret: WEBHOOK_SECRET }
  const call = await callFor(route.slug, route.method, route.path, ctx)
  const watched = route.slug.startsWith('globals/') || route.slug === 'root' ? null : route.slug
  const before = watched ? await snapshot(p, watched, subject?.id) : ''
  const email = emails[role]
  const token = ENDS_SESSION.has(route.key) && email ? await tokenFor(p, email) : tokens[role]
  const res = await server.api(route.method, call.path, { token, body: call.body, rawBody: call.rawBody, headers: call.headers })
  const after = watched ? await snapshot(p, watched, subject?.id) : ''
  if (res.status >= 500) return `error ${res.status}: ${res.text.slice(0, 200)}`
  if (before !== after) {
    consumable.delete(route.key)
    return 'write'
  }
  if ([401, 403, 404, 405].includes(res.status)) return 'deny'
  if (res.status >= 400) return 'refuse'
  if (route.method === 'GET') return readsSubject(res.body, res.text, (res.headers.get('content-type') ?? '').includes('json'), route, subject) ? 'read' : 'none'
  return res.status >= 300 ? 'none' : 'ok'
}

beforeAll(async () => {
  server = await startTestServer({
    PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET,
    RATE_LIMIT_LOGIN: '100000',
    RATE_LIMIT_REGISTER: '100000',
    RATE_LIMIT_FORGOT_PASSWORD: '100000',
    RATE_LIMIT_CLAIM: '100000',
    RATE_LIMIT_EXPORT: '100000',
    RATE_LIMIT_CLOSURE: '100000',
  })
  const p = server.payload
  const owner = await createUser(p, 'customer')
  world = { payload: p, owner, option: await createOption(p, { trialDays: 14 }) }
  const everyRole = await usersOfEveryRole(world, ROLES)
  Object.assign(emails, everyRole.emails)
  Object.assign(tokens, everyRole.tokens)
  for (const c of p.config.collections) subjects.set(c.slug, c.slug === 'users' ? { id: owner.id } : await makeSubject(world, c.slug))
})

afterAll(async () => {
  recordSeen(process.env.ROUTE_MATRIX_RECORD, seen)
  await server?.close()
})

test('the table has a row for every registered route, and no row for a route that does not exist', () => {
  const registered = registeredRoutes(server).map((r) => r.key)
  expect({ missing: registered.filter((k) => !(k in expectedRoutes)), gone: Object.keys(expectedRoutes).filter((k) => !registered.includes(k)) }).toEqual({ missing: [], gone: [] })
})

// One test per collection of the table (the test above fails for a collection the table lacks).
const SLUGS = [...new Set(Object.keys(expectedRoutes).map((k) => k.split(' ')[0]))]

describe('every route × every role', () => {
  test.each(SLUGS.length ? SLUGS : ['(empty table)'])('%s', async (slug) => {
    const mismatches: string[] = []
    for (const route of registeredRoutes(server).filter((r) => r.slug === slug)) {
      const results: string[] = []
      // Refused roles first, so what an allowed role writes cannot hide what a refused one would have done.
      for (const role of ROLES) results.push(await cell(route, role))
      const got = results.join(' ')
      seen[route.key] = got
      const want = expectedRoutes[route.key]
      if (want !== undefined && want.split(/\s+/).join(' ') !== got) mismatches.push(`${route.key}\n    want ${want}\n    got  ${got}`)
    }
    expect(mismatches).toEqual([])
  }, 600_000)
})
