/**
 * A sweep over every registered route with input nobody should send: ids that are text, huge, negative
 * or fractional; `limit`, `page`, `depth`, `sort` and `where` at their extremes; deeply nested JSON
 * bodies. The answer may be anything but a 5xx: a 5xx on user input is a bug.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { tokenFor } from '../hardening/fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser } from '../support/users'

let server: TestServer
const tokens: Record<string, string | undefined> = { anonymous: undefined }

const ODD_IDS = ['abc', '99999999999999999999999', '-1', '1.5', '0x10', '%00', 'null', '1%20OR%201=1']
const ODD_QUERIES = [
  'limit=-1',
  'limit=1000000000',
  'limit=abc',
  'page=0',
  'page=-5',
  'page=100000000000000000000',
  'depth=100',
  'depth=-1',
  'depth=abc',
  'sort=nonexistent',
  'sort=-password',
  'where[nonexistent][equals]=x',
  'where[id][in]=a,b,c',
  'where[id][equals][and]=1',
  'where[or][0][and][0][id][like]=%25',
  'where[createdAt][greater_than]=not-a-date',
  'select[nonexistent]=true',
  'populate[users][password]=true',
  'locale=xx',
  'draft=maybe',
]

function nested(depth: number): unknown {
  let v: unknown = 'deep'
  for (let i = 0; i < depth; i += 1) v = i % 2 ? [v] : { a: v }
  return v
}

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_LOGIN: '100000', RATE_LIMIT_REGISTER: '100000', RATE_LIMIT_FORGOT_PASSWORD: '100000', RATE_LIMIT_CLAIM: '100000', RATE_LIMIT_EXPORT: '100000', RATE_LIMIT_CLOSURE: '100000' })
  tokens.customer = await tokenFor(server.payload, (await createUser(server.payload, 'customer')).email)
  tokens.admin = await tokenFor(server.payload, (await createUser(server.payload, 'admin')).email)
})
afterAll(async () => {
  await server?.close()
})

function routes() {
  const out: { slug: string; method: string; path: string }[] = []
  for (const c of server.payload.config.collections) for (const e of c.endpoints || []) out.push({ slug: c.slug, method: e.method.toUpperCase(), path: e.path })
  return out
}

async function failures(calls: { method: string; path: string; body?: unknown; rawBody?: string }[]): Promise<string[]> {
  const bad: string[] = []
  for (const call of calls) {
    for (const [role, token] of Object.entries(tokens)) {
      const res = await server.api(call.method, call.path, { token, body: call.body, rawBody: call.rawBody, headers: call.rawBody ? { 'content-type': 'application/json' } : undefined })
      if (res.status >= 500) bad.push(`${call.method} ${call.path} as ${role}: ${res.status} ${res.text.slice(0, 160)}`)
    }
  }
  return bad
}

test('odd ids in every route with an id: no 5xx', async () => {
  const calls = routes()
    .filter((r) => /:(id|filename|key)/.test(r.path))
    .flatMap((r) => ODD_IDS.map((id) => ({ method: r.method, path: `/api/${r.slug}${r.path.replace(/:(id|filename|key)\??/, id)}`, body: r.method === 'GET' || r.method === 'DELETE' ? undefined : {} })))
  expect(await failures(calls)).toEqual([])
}, 600_000)

test('extreme limit, page, depth, sort and where on every list and count: no 5xx', async () => {
  const lists = routes().filter((r) => r.method === 'GET' && (r.path === '/' || r.path === '/count' || r.path === '/versions'))
  const calls = lists.flatMap((r) => ODD_QUERIES.map((q) => ({ method: 'GET', path: `/api/${r.slug}${r.path === '/' ? '' : r.path}?${q}` })))
  expect(await failures(calls)).toEqual([])
}, 600_000)

test('deeply nested and malformed JSON to every write: no 5xx', async () => {
  const writes = routes().filter((r) => r.method !== 'GET')
  const deep = JSON.stringify({ name: nested(2000), where: nested(200) })
  const calls = writes.flatMap((r) => {
    const path = `/api/${r.slug}${r.path.replace(/:(id|filename|key)\??/, '1')}`
    return [
      { method: r.method, path, rawBody: deep },
      { method: r.method, path, rawBody: '{"unterminated": ' },
      { method: r.method, path, rawBody: '[1,2,3]' },
    ]
  })
  expect(await failures(calls)).toEqual([])
}, 600_000)
