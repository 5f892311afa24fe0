/**
 * The documents the route and field matrices act on: for every collection a "subject" that belongs to
 * the owner (a customer) wherever the collection has an owner, made with the Local API as trusted
 * server code would. `makeSubject` is called again for every cell that consumes its document (deletes,
 * and endpoints marked `fresh` in the table).
 */
import crypto from 'node:crypto'
import type { CollectionSlug, Payload } from 'payload'

import { issueLicense } from '@/domain/issue-license'
import { createController, createOption } from '../support/licensing-fixtures'
import { tokenFor } from '../hardening/fixtures'
import { createUser } from '../support/users'

export type Id = string | number
export interface Subject {
  id: Id
  /** A second id the route needs (a version's id, a file name, a token, a preference key). */
  extra?: string
}

let n = 0
const next = () => `${Date.now().toString(36)}${(++n).toString(36)}`
// A year no placed order uses, so fixture numbers never meet the numbers the server gives out.
const orderNumber = () => `PMX-2098-${String(n + 1).padStart(6, '0')}${crypto.randomBytes(2).toString('hex')}`

export interface World {
  payload: Payload
  owner: { id: Id; email: string }
  option: { id: Id; code: string }
}

/**
 * A user of every role but anonymous (the owner is `w.owner`, "other" another customer), logged in
 * through the Local API so the login rate limit is left alone: their e-mail addresses and tokens.
 */
export async function usersOfEveryRole<R extends string>(w: World, roles: readonly R[]): Promise<{ emails: Partial<Record<R, string>>; tokens: Partial<Record<R, string>> }> {
  const emails: Partial<Record<R, string>> = {}
  const tokens: Partial<Record<R, string>> = {}
  for (const role of roles) {
    if (role === 'anonymous') continue
    // The matrices' roles are the product's staff roles plus owner/other (both customers).
    const user = role === 'owner' ? w.owner : await createUser(w.payload, role === 'other' ? 'customer' : (role as 'editor' | 'manager' | 'admin'))
    emails[role] = user.email
    tokens[role] = await tokenFor(w.payload, user.email)
  }
  return { emails, tokens }
}

async function ownerController(w: World) {
  return createController(w.payload, { owner: w.owner.id, notes: 'staff only' })
}

async function order(w: World, status: 'awaiting_payment' | 'cancelled' = 'awaiting_payment') {
  const controller = await ownerController(w)
  return w.payload.create({
    collection: 'orders',
    overrideAccess: true,
    data: {
      number: orderNumber(),
      customer: w.owner.id,
      controller: controller.id,
      items: [{ option: w.option.id, code: w.option.code, unitPrice: 100, currency: 'EUR' }],
      total: 100,
      currency: 'EUR',
      status,
    } as never,
  })
}

const pngPixel = Buffer.from('89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082', 'hex')

/** A new document of `slug` for the owner (or, for collections without an owner, a plain one). */
export async function makeSubject(w: World, slug: string): Promise<Subject | null> {
  const p = w.payload
  const create = async (collection: CollectionSlug, data: Record<string, unknown>) =>
    p.create({ collection, overrideAccess: true, data: data as never })
  switch (slug) {
    case 'users':
      return createUser(p, 'customer')
    case 'controllers':
      return ownerController(w)
    case 'orders': {
      const o = await order(w)
      // One stored version, for the versions routes.
      await p.update({ collection: 'orders', id: o.id, overrideAccess: true, data: { statusReason: 'fixture note' } })
      const versions = await p.findVersions({ collection: 'orders', where: { parent: { equals: o.id } }, overrideAccess: true, limit: 1 })
      return { id: o.id, extra: String(versions.docs[0]?.id ?? 'none') }
    }
    case 'payments': {
      const o = await order(w, 'cancelled')
      return create('payments', { paymentId: `pay_${next()}`, order: o.id, amount: 100, currency: 'EUR', receivedAt: new Date().toISOString() })
    }
    case 'licenses': {
      const c = await ownerController(w)
      return issueLicense(p, { controllerId: c.id, options: [] })
    }
    case 'options':
      return createOption(p)
    case 'option-terms': {
      const c = await ownerController(w)
      return create('option-terms', { key: `fixture:${next()}`, controller: c.id, option: w.option.id, code: w.option.code, kind: 'grant', from: new Date().toISOString(), until: new Date(Date.now() + 86_400_000).toISOString(), reason: 'fixture' })
    }
    case 'signing-keys': {
      const key = (await p.find({ collection: 'signing-keys', limit: 1, overrideAccess: true })).docs[0]
      return key ? { id: key.id } : null
    }
    case 'root-keys': {
      const root = (await p.find({ collection: 'root-keys', limit: 1, overrideAccess: true })).docs[0]
      return root ? { id: root.id } : null
    }
    case 'revocation-lists': {
      const list = (await p.find({ collection: 'revocation-lists', limit: 1, overrideAccess: true })).docs[0]
      return list ? { id: list.id } : null
    }
    case 'audit-events':
      return create('audit-events', { action: 'license.issued', at: new Date().toISOString(), actorLabel: 'fixture', subjectCollection: 'controllers', subjectId: '1', summary: 'fixture event' })
    case 'news': {
      const doc = await create('news', { title: `News ${next()}`, excerpt: 'fixture', category: 'news', _status: 'published' })
      const versions = await p.findVersions({ collection: 'news', where: { parent: { equals: doc.id } }, overrideAccess: true, limit: 1 })
      return { id: doc.id, extra: String(versions.docs[0]?.id ?? 'none') }
    }
    case 'media': {
      const name = `pixel-${next()}.png`
      const doc = await p.create({ collection: 'media', overrideAccess: true, data: { alt: 'pixel' }, file: { data: pngPixel, mimetype: 'image/png', name, size: pngPixel.length } })
      return { id: doc.id, extra: doc.filename ?? name }
    }
    case 'news-deliveries': {
      const news = await create('news', { title: `Mailed ${next()}`, excerpt: 'fixture', category: 'news', _status: 'published' })
      return create('news-deliveries', { key: `fixture:${next()}`, news: news.id, user: w.owner.id, email: w.owner.email, lang: 'en', status: 'sent', attempts: 1 })
    }
    case 'help-pages':
      return create('help-pages', { title: `Help ${next()}`, slug: `help-${next()}`, published: true })
    case 'rate-limit-counters':
      return create('rate-limit-counters', { key: `fixture:${next()}`, hits: 1, resetAt: new Date(Date.now() + 60_000).toISOString() })
    case 'lock-leases':
      return create('lock-leases', { key: `fixture:${next()}`, token: crypto.randomBytes(8).toString('hex'), expiresAt: new Date(Date.now() + 60_000).toISOString() })
    case 'payload-kv':
      return create('payload-kv', { key: `fixture:${next()}`, data: { owner: w.owner.email } })
    case 'payload-jobs': {
      const job = await p.jobs.queue({ task: 'sendEmail', input: { to: w.owner.email, subject: 'fixture', html: '<p>x</p>', text: 'x' } as never, waitUntil: new Date(Date.now() + 365 * 86_400_000) })
      return { id: job.id }
    }
    case 'payload-locked-documents': {
      const c = await ownerController(w)
      return create('payload-locked-documents', { document: { relationTo: 'controllers', value: c.id }, user: { relationTo: 'users', value: w.owner.id } })
    }
    case 'payload-preferences': {
      const key = `fixture-${next()}`
      // Written as Payload's own preferences route writes one (payload.db, below the collection's validation).
      const doc = await p.db.create({ collection: 'payload-preferences', data: { key, user: { relationTo: 'users', value: w.owner.id }, value: { columns: ['secret'] } } })
      return { id: doc.id, extra: key }
    }
    case 'payload-migrations': {
      const m = (await p.find({ collection: 'payload-migrations', limit: 1, overrideAccess: true })).docs[0]
      return m ? { id: m.id } : null
    }
    default:
      return null
  }
}

/** The document as the database holds it (no access control), for telling whether a request wrote. */
export async function snapshot(payload: Payload, slug: string, id: Id | undefined): Promise<string> {
  const collection = slug as CollectionSlug
  const count = (await payload.count({ collection, overrideAccess: true })).totalDocs
  if (id === undefined) return `count=${count}`
  const doc = await payload.findByID({ collection, id, overrideAccess: true, depth: 0, disableErrors: true, showHiddenFields: true })
  const { updatedAt: _u, ...rest } = (doc ?? {}) as Record<string, unknown>
  return `count=${count} doc=${doc ? JSON.stringify(rest) : 'gone'}`
}
