/**
 * How the route matrix calls each route: Payload's built-in routes are called the same way for every
 * collection (the subject's id in the path, or a `where` on it for list routes); custom endpoints that
 * need a body an authorised caller would send have it here, so "allowed" means the call really works.
 */
import { signWebhook } from '@/domain/payment-webhook'
import { createController, requestCodeFor } from '../support/licensing-fixtures'
import type { Subject, World } from './subjects'

export interface RouteCall {
  path: string
  body?: unknown
  rawBody?: string
  headers?: Record<string, string>
}

export interface RouteContext {
  world: World
  subject: Subject | null
  /** The route's key: `collection METHOD /path` (`root METHOD /path` for the API's own). */
  key: string
  webhookSecret: string
}

/** Routes whose allowed call consumes its subject: each cell gets a fresh one. */
export const FRESH_SUBJECT = new Set<string>([
  'controllers POST /:id/transfer',
  'controllers POST /:id/release',
  'controllers POST /:id/trials',
  'users POST /:id/close',
])

const createBodies: Record<string, Record<string, unknown>> = {
  users: { email: 'x', password: 'long-password-1', name: 'New', phone: '+49 30 1234567', privacyAccepted: true },
  controllers: { serial: 'x', modelId: 3, model: 'NC-300', hardwareId: 'x' },
  options: { code: 'x', name: 'New option', price: 100, currency: 'EUR', modelIds: [3] },
  news: { title: 'x', excerpt: 'x', category: 'news' },
  'help-pages': { title: 'x', slug: 'x', published: false },
  'audit-events': { action: 'license.issued', at: new Date().toISOString(), actorLabel: 'forged', subjectCollection: 'controllers', subjectId: '1', summary: 'forged' },
  'rate-limit-counters': { key: 'x', hits: 0, resetAt: new Date().toISOString() },
  'lock-leases': { key: 'x', token: 'x', expiresAt: new Date().toISOString() },
  'payload-kv': { key: 'x', data: {} },
  'payload-jobs': { taskSlug: 'sendEmail', input: { to: 'victim@example.test', subject: 'forged', text: 'x' } },
  'payload-preferences': { key: 'x', value: {} },
  'root-keys': { kid: 'x', alg: 'ed25519', publicKey: 'x', source: 'uploaded' },
}
const unique = () => Math.random().toString(36).slice(2, 10)

/** A create body an authorised caller could send: unique values where the collection needs them. */
export function createBody(slug: string, w: World): Record<string, unknown> {
  const body = { ...(createBodies[slug] ?? { note: 'x' }) }
  if (slug === 'users') body.email = `reg-${unique()}@example.test`
  if (slug === 'controllers') Object.assign(body, { serial: String(3_000_000_000 + Math.floor(Math.random() * 1e8)), hardwareId: unique().padEnd(32, 'a') })
  if (slug === 'options') body.code = `N${unique().toUpperCase().slice(0, 6)}`
  if (slug === 'news') body.title = `News ${unique()}`
  if (slug === 'help-pages') Object.assign(body, { title: `Help ${unique()}`, slug: `help-${unique()}` })
  if ('key' in body) body.key = `route-matrix:${unique()}`
  if (slug === 'payload-preferences') body.user = { relationTo: 'users', value: w.owner.id }
  return body
}

/** An update a caller might send; new values every time, so a landed write always shows. */
function updateBody(slug: string): Record<string, unknown> {
  const u = unique()
  const bodies: Record<string, Record<string, unknown>> = {
    users: { name: `Changed ${u}` },
    controllers: { model: `NC-300 rev ${u}` },
    orders: { statusReason: `note ${u}` },
    payments: { amount: 1 + Math.floor(Math.random() * 1e6) },
    licenses: { kid: `kid-${u}` },
    options: { name: `Renamed option ${u}` },
    'option-terms': { reason: `changed ${u}` },
    'signing-keys': { status: 'retired' },
    'root-keys': { note: `changed ${u}` },
    'revocation-lists': { rootKid: `kid-${u}` },
    'audit-events': { summary: `rewritten ${u}` },
    news: { excerpt: `changed ${u}` },
    media: { alt: `changed ${u}` },
    'news-deliveries': { status: 'failed' },
    'help-pages': { title: `Changed help ${u}` },
    'rate-limit-counters': { hits: Math.floor(Math.random() * 1e6) },
    'lock-leases': { token: `stolen-${u}` },
    'payload-kv': { data: { changed: u } },
    'payload-jobs': { processing: true },
    'payload-locked-documents': { globalSlug: `x-${u}` },
    'payload-preferences': { value: { changed: u } },
    'payload-migrations': { batch: 99 },
  }
  return bodies[slug] ?? { note: u }
}

const whereId = (id: unknown, field = 'id') => `?where[${field}][equals]=${encodeURIComponent(String(id))}`

/** The call for a built-in route or a custom endpoint without a special body. */
function genericCall(slug: string, method: string, route: string, ctx: RouteContext): RouteCall {
  const s = ctx.subject
  const id = s ? String(s.id) : '999999'
  const base = `/api/${slug}`
  const path = route
    .replace('/versions/:id', `/versions/${s?.extra ?? '999999'}`)
    .replace(/:id\??/, id)
    .replace(':filename', s?.extra ?? 'none.png')
    .replace(':key', s?.extra ?? 'none')
  const listQuery = route === '/versions' ? whereId(id, 'parent') : route === '/' || route === '/count' ? whereId(id) : ''
  if (method === 'GET') return { path: base + (path === '/' ? '' : path) + listQuery }
  if (method === 'DELETE') return { path: base + (path === '/' ? whereId(id) : path) }
  if (method === 'PATCH') return { path: base + (path === '/' ? whereId(id) : path), body: updateBody(slug) }
  // POST
  if (route === '/') return { path: base, body: createBody(slug, ctx.world) }
  if (route === '/:id/duplicate') return { path: base + path, body: updateBody(slug) }
  return { path: base + path, body: {} }
}

type Special = (ctx: RouteContext) => Promise<RouteCall> | RouteCall

const special: Record<string, Special> = {
  // A fresh controller of the owner's for every cell: the same option cannot be ordered twice.
  'orders POST /': async (ctx) => {
    const controller = await createController(ctx.world.payload, { owner: ctx.world.owner.id })
    return { path: '/api/orders', body: { controller: controller.id, items: [{ option: ctx.world.option.id }] } }
  },
  'controllers POST /claim': async (ctx) => {
    const fresh = await createController(ctx.world.payload)
    return { path: '/api/controllers/claim', body: { requestCode: requestCodeFor(fresh) } }
  },
  'controllers POST /:id/apply': (ctx) => ({ path: `/api/controllers/${ctx.subject?.id}/apply`, body: { options: [] } }),
  'controllers POST /:id/trials': (ctx) => ({ path: `/api/controllers/${ctx.subject?.id}/trials`, body: { option: ctx.world.option.code } }),
  'controllers POST /:id/option-terms': (ctx) => ({
    path: `/api/controllers/${ctx.subject?.id}/option-terms`,
    body: { action: 'maintenance', until: new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10), reason: 'route matrix' },
  }),
  'controllers POST /:id/transfer': (ctx) => ({ path: `/api/controllers/${ctx.subject?.id}/transfer`, body: { email: ctx.world.owner.email, reason: 'route matrix' } }),
  'controllers POST /:id/release': (ctx) => ({ path: `/api/controllers/${ctx.subject?.id}/release`, body: { reason: 'route matrix' } }),
  'controllers POST /import': () => ({ path: '/api/controllers/import', body: { csv: 'serial,modelId,hardwareId\n', dryRun: true } }),
  'users POST /:id/close': (ctx) => ({ path: `/api/users/${ctx.subject?.id}/close`, body: { confirm: true, reason: 'route matrix' } }),
  'signing-keys POST /rotate': () => ({ path: '/api/signing-keys/rotate', body: { confirm: false } }),
  'payments POST /webhook': (ctx) => {
    const raw = JSON.stringify({ event: 'payment.succeeded', paymentId: `pay_${unique()}`, orderNumber: 'PMX-0000-000000', amount: 1, currency: 'EUR' })
    return { path: '/api/payments/webhook', rawBody: raw, headers: { 'content-type': 'application/json', 'x-pumotix-signature': signWebhook(raw, ctx.webhookSecret) } }
  },
}

export async function callFor(slug: string, method: string, route: string, ctx: RouteContext): Promise<RouteCall> {
  const make = special[ctx.key]
  if (make) return make(ctx)
  return genericCall(slug, method, route, ctx)
}
