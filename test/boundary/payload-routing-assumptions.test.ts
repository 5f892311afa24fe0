/**
 * What the request identity (src/server/request-identity.ts) assumes of Payload's router, checked
 * against Payload itself so that an upgrade that changes it fails here: which method-override headers
 * and values Payload honours, on which methods; that Payload routes the canonical path it is handed to
 * the endpoint the identity names (and no accepted spelling to a guarded endpoint the identity does
 * not name); and that every guarded operation is an endpoint of Payload's.
 *
 * Every endpoint of the collections the guards cover is replaced by a probe that answers which
 * endpoint Payload chose, so nothing runs and the test sees the routing decision alone.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { handleEndpoints, type Endpoint, type PayloadHandler } from 'payload'

import { identify, OPERATIONS, OVERRIDE_HEADERS_PAYLOAD_HONOURS, type Operation } from '@/server/request-identity'
import { bootPayload, type TestContext } from '../support/payload'

let ctx: TestContext
const PROBED = ['users', 'controllers', 'news'] as const

beforeAll(async () => {
  ctx = await bootPayload()
  for (const slug of PROBED) {
    const { config } = ctx.payload.collections[slug]
    if (!config.endpoints) throw new Error(`${slug} has no endpoints`)
    // New endpoint objects: Payload shares its default ones between collections.
    config.endpoints = config.endpoints.map((endpoint: Endpoint) => {
      const probe: PayloadHandler = async () => Response.json({ ran: `${endpoint.method.toUpperCase()} /api/${slug}${endpoint.path === '/' ? '' : endpoint.path}` })
      return { ...endpoint, handler: probe }
    })
  }
})
afterAll(async () => {
  await ctx?.stop()
})

/** The endpoint Payload runs for a request, as `METHOD /api/slug/template`, or the status when none. */
async function routed(method: string, target: string, headers: Record<string, string> = {}): Promise<string> {
  const hasBody = method !== 'GET' && method !== 'HEAD'
  const request = new Request(`http://localhost${target}`, {
    method,
    headers: { ...(hasBody ? { 'content-type': 'application/json' } : {}), ...headers },
    body: hasBody ? '{}' : undefined,
  })
  const res = await handleEndpoints({ config: ctx.payload.config, request })
  const body = (await res.json().catch(() => ({}))) as { ran?: string }
  return body.ran ?? String(res.status)
}

/** The guarded operation an endpoint answer stands for (its method and template), if any. */
function operationOf(ran: string): Operation | null {
  return (Object.keys(OPERATIONS) as Operation[]).find((op) => `${OPERATIONS[op].method} ${OPERATIONS[op].path}` === ran) ?? null
}

describe('method overrides', () => {
  const NAMES = ['X-Payload-HTTP-Method-Override', 'X-HTTP-Method-Override', 'X-Method-Override', 'X-HTTP-Method', 'X-Payload-Method-Override']
  const VALUES = ['GET', 'get', 'Get', 'HEAD', 'DELETE', 'PATCH', 'POST', 'GET, GET']
  const METHODS = ['POST', 'PUT', 'PATCH', 'DELETE']

  test('Payload honours exactly the override headers the identity knows, only as "GET" on a POST', async () => {
    const honoured: string[] = []
    for (const method of METHODS) {
      for (const name of NAMES) {
        for (const value of VALUES) {
          const ran = await routed(method, '/api/users', { [name]: value })
          if (ran !== (await routed(method, '/api/users'))) honoured.push(`${method} ${name.toLowerCase()}: ${value} → ${ran}`)
        }
      }
    }
    expect(honoured.sort()).toEqual(OVERRIDE_HEADERS_PAYLOAD_HONOURS.map((name) => `POST ${name}: GET → GET /api/users`).sort())
  })

  test('whenever the identity accepts an override header, Payload runs the request as the method the identity names', async () => {
    const disagreements: string[] = []
    for (const method of METHODS) {
      for (const name of NAMES) {
        for (const value of VALUES) {
          const headers = { [name.toLowerCase()]: value }
          const identity = identify({ method, url: '/api/users', headers })
          if (identity.refusal) continue
          const ran = await routed(method, '/api/users', headers)
          const asNamed = await routed(identity.method, '/api/users')
          if (ran !== asNamed) disagreements.push(`${method} ${name}: ${value}: identity ${identity.method} (${asNamed}), Payload ran ${ran}`)
        }
      }
    }
    expect(disagreements).toEqual([])
  })
})

describe('paths', () => {
  /** Spellings of each guarded path: the identity accepts some (they must route as it says) and refuses the rest. */
  function spellings(path: string): string[] {
    const concrete = path.replace(':id', 'me')
    const last = concrete.lastIndexOf('/')
    return [
      concrete,
      `${concrete}?x=1`,
      `${concrete}/`,
      `${concrete};x`,
      `${concrete}%23`,
      `${concrete}%20`,
      `${concrete}/.`,
      `${concrete.slice(0, last)}//${concrete.slice(last + 1)}`,
      `${concrete.slice(0, last)}%2F${concrete.slice(last + 1)}`,
      `${concrete.slice(0, last)};x/${concrete.slice(last + 1)}`,
      concrete.toUpperCase(),
      concrete.replace('/api/', '/api/x/../'),
      `${concrete.slice(0, last + 1)}${concrete.slice(last + 1).toUpperCase()}`,
      concrete.replace(/\/([a-z])/g, (_m, c: string) => `/%${c.charCodeAt(0).toString(16)}`),
    ]
  }

  test('every guarded operation is an endpoint Payload routes its canonical path to', async () => {
    const found: Record<string, string> = {}
    for (const op of Object.keys(OPERATIONS) as Operation[]) {
      const { method, path } = OPERATIONS[op]
      found[op] = await routed(method, path.replace(':id', 'me'))
    }
    expect(found).toEqual(Object.fromEntries((Object.keys(OPERATIONS) as Operation[]).map((op) => [op, `${OPERATIONS[op].method} ${OPERATIONS[op].path}`])))
  })

  test('Payload, handed the path the identity accepted, runs a guarded endpoint exactly when the identity names it', async () => {
    const disagreements: string[] = []
    let accepted = 0
    for (const { method, path } of Object.values(OPERATIONS)) {
      for (const spelling of spellings(path)) {
        for (const m of [method, method === 'GET' ? 'POST' : 'GET']) {
          const identity = identify({ method: m, url: spelling, headers: {} })
          if (identity.refusal) continue
          accepted += 1
          // What src/server/api-handler.ts hands Payload: the canonical path and the query.
          const ran = await routed(m, `${identity.path}${identity.search}`)
          if (operationOf(ran) !== identity.operation) disagreements.push(`${m} ${spelling}: identity ${identity.operation}, Payload ran ${ran}`)
        }
      }
    }
    expect(disagreements).toEqual([])
    expect(accepted).toBeGreaterThan(Object.keys(OPERATIONS).length * 4)
  })

  test('Payload matches endpoint paths without regard to case or a trailing slash (why the identity refuses those spellings)', async () => {
    expect(await routed('POST', '/api/users/FORGOT-PASSWORD')).toBe('POST /api/users/forgot-password')
    expect(await routed('POST', '/api/users/forgot-password/')).toBe('POST /api/users/forgot-password')
    expect(await routed('GET', '/api/users/me/EXPORT')).toBe('GET /api/users/:id/export')
  })
})
