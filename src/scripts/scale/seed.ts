/**
 * The scale data set, inserted straight into the tables Payload's initial migration created (names
 * from migrations/*_initial.ts): users + users_roles, controllers (+ controllers_entitlements),
 * one paid order per owned controller (+ orders_items), licenses (+ licenses_texts for the
 * `options` text hasMany). One password hash, made by Payload, is shared by every customer; each
 * controller gets one really signed license file, reused for all of its licenses (to save time).
 */
import crypto from 'node:crypto'
import type { Payload } from 'payload'

import { sqliteClient, type RawSqlite } from '@/db/raw'

import { activeSigningKey } from '@/domain/signing-keys'
import { buildLicensePayload, signLicense } from '@/licensing'
import { bulkInsert } from './insert'

export const SCALE_PASSWORD = 'scale-password-123'
export const customerEmail = (i: number) => `customer-${i}@scale.test`
export const serialOf = (i: number) => String(2_000_000_000 + i)
export const hardwareIdOf = (i: number) => crypto.createHash('md5').update(`hw-${i}`).digest('hex')

export interface ScaleCounts {
  customers: number
  controllers: number
  licenses: number
}

const objectId = () => crypto.randomBytes(12).toString('hex')
const maxId = async (client: RawSqlite, table: string) => Number((await client.execute(`SELECT coalesce(max(id), 0) AS m FROM \`${table}\``)).rows[0].m)

export async function seedScale(payload: Payload, counts: ScaleCounts) {
  const client = sqliteClient(payload.db)
  await client.execute('PRAGMA synchronous = OFF') // a generated data set: speed over durability while seeding

  const option = async (code: string, price: number, onSale: boolean) =>
    (await payload.find({ collection: 'options', where: { code: { equals: code } }, limit: 1, depth: 0, overrideAccess: true })).docs[0] ??
    (await payload.create({ collection: 'options', overrideAccess: true, data: { code, name: `Scale ${code}`, price, currency: 'EUR', modelIds: [3], onSale } }))
  const factory = await option('SCALE_IO', 0, false)
  const bought = await Promise.all(['SCALE_THC', 'SCALE_AXIS4', 'SCALE_PROBE'].map((c, k) => option(c, 10000 + k * 1000, true)))

  // One real account through Payload: its salt and hash are reused for every generated customer.
  const template = await payload.create({
    collection: 'users',
    overrideAccess: true,
    disableVerificationEmail: true,
    data: { email: `staff-${Date.now()}@scale.test`, name: 'Scale staff', phone: '+49 30 1234567', language: 'en', password: SCALE_PASSWORD, roles: ['manager'], _verified: true },
  })
  const [stored] = (await client.execute({ sql: 'SELECT salt, hash FROM users WHERE id = ?', args: [template.id] })).rows
  const salt = String(stored.salt)
  const hash = String(stored.hash)

  const now = Date.now()
  const span = 3 * 365 * 86_400_000
  const at = (i: number, n: number) => new Date(now - span + Math.floor((i / Math.max(1, n)) * span)).toISOString()

  const u0 = await maxId(client, 'users')
  await bulkInsert(client, 'users', ['id', 'name', 'phone', 'language', 'news_subscribed', 'email', 'salt', 'hash', '_verified', 'login_attempts', 'privacy_accepted_at', 'is_customer', 'created_at', 'updated_at'], counts.customers, (i) => {
    const t = at(i, counts.customers)
    return [u0 + 1 + i, `Customer ${i}`, '+4930123456', i % 5 ? 'en' : 'ru', i % 3 ? 0 : 1, customerEmail(i), salt, hash, 1, 0, t, 1, t, t]
  }, { label: 'users' })
  await bulkInsert(client, 'users_roles', ['order', 'parent_id', 'value'], counts.customers, (i) => [1, u0 + 1 + i, 'customer'], { label: 'users_roles' })

  // 90 % of the controllers are claimed, spread over the customers; the rest wait in the factory stock.
  const owned = Math.floor(counts.controllers * 0.9)
  const ownerOf = (i: number) => (i < owned ? i % Math.max(1, counts.customers) : null)
  const perController = Math.floor(counts.licenses / Math.max(1, owned))
  const extra = counts.licenses - perController * owned
  const licensesOf = (i: number) => (i < owned ? perController + (i < extra ? 1 : 0) : 0)
  const c0 = await maxId(client, 'controllers')
  await bulkInsert(client, 'controllers', ['id', 'serial', 'model_id', 'model', 'hardware_id', 'owner_id', 'owner_email', 'claimed_at', 'installed_sequence', 'license_sequence', 'created_at', 'updated_at'], counts.controllers, (i) => {
    const o = ownerOf(i)
    const t = at(i, counts.controllers)
    return [c0 + 1 + i, serialOf(i), 3, 'PUMOTIX NC-300', hardwareIdOf(i), o == null ? null : u0 + 1 + o, o == null ? null : customerEmail(o), o == null ? null : t, licensesOf(i), licensesOf(i), t, t]
  }, { label: 'controllers' })
  await bulkInsert(client, 'controllers_rels', ['order', 'parent_id', 'path', 'options_id'], counts.controllers, (i) => [1, c0 + 1 + i, 'factoryOptions', factory.id as number], { label: 'controllers_rels' })

  const o0 = await maxId(client, 'orders')
  const boughtOf = (i: number) => bought[i % bought.length]
  await bulkInsert(client, 'orders', ['id', 'number', 'customer_id', 'controller_id', 'total', 'currency', 'status', 'payment_reference', 'paid_at', 'entitlements_synced', 'bill_buyer_email', 'bill_issued_at', 'bill_payment_reference', 'created_at', 'updated_at'], owned, (i) => {
    const number = `PMX-SCALE-${String(o0 + 1 + i).padStart(7, '0')}`
    const t = at(i, owned)
    return [o0 + 1 + i, number, u0 + 1 + (ownerOf(i) as number), c0 + 1 + i, boughtOf(i).price as number, 'EUR', 'paid', `PAY-${o0 + 1 + i}`, t, 1, customerEmail(ownerOf(i) as number), t, number, t, t]
  }, { label: 'orders' })
  await bulkInsert(client, 'orders_items', ['_order', '_parent_id', 'id', 'option_id', 'code', 'name', 'unit_price', 'currency'], owned, (i) => [1, o0 + 1 + i, objectId(), boughtOf(i).id as number, boughtOf(i).code as string, boughtOf(i).name as string, boughtOf(i).price as number, 'EUR'], { label: 'orders_items' })
  await bulkInsert(client, 'controllers_entitlements', ['_order', '_parent_id', 'id', 'option_id', 'state', 'order_id', 'granted_at', 'activated_at'], owned, (i) => {
    const t = at(i, owned)
    return [1, c0 + 1 + i, objectId(), boughtOf(i).id as number, 'active', o0 + 1 + i, t, t]
  }, { label: 'entitlements' })

  const key = await activeSigningKey(payload)
  const l0 = await maxId(client, 'licenses')
  let file = ''
  let sha = ''
  let lid = l0
  const firstLicense: number[] = []
  await bulkInsert(client, 'licenses', ['id', 'license_id', 'controller_id', 'serial', 'sequence', 'kid', 'alg', 'sha256', 'issued_at', 'file', 'created_at', 'updated_at'], owned, (i) => {
    const n = licensesOf(i)
    const options = [factory.code as string, boughtOf(i).code as string].sort()
    const signed = signLicense(buildLicensePayload({ licenseId: crypto.randomUUID(), serial: serialOf(i), modelId: 3, hardwareId: hardwareIdOf(i), options, sequence: n, issuedAt: new Date(), expiresAt: null }), key.key)
    file = signed.text
    sha = signed.sha256
    firstLicense.push(lid + 1)
    return Array.from({ length: n }, (_, s) => {
      const t = at(i * perController + s, counts.licenses)
      lid += 1
      return [lid, crypto.randomUUID(), c0 + 1 + i, serialOf(i), s + 1, key.key.kid, key.key.alg, sha, t, file, t, t]
    })
  }, { label: 'licenses', statementsPerTransaction: 10 })
  await bulkInsert(client, 'licenses_texts', ['order', 'parent_id', 'path', 'text'], owned, (i) => {
    const options = [factory.code as string, boughtOf(i).code as string].sort()
    return Array.from({ length: licensesOf(i) }, (_, s) => options.map((text, k) => [k + 1, firstLicense[i] + s, 'options', text])).flat()
  }, { label: 'licenses_texts' })
  await client.execute('PRAGMA synchronous = NORMAL')
  return { staffEmail: template.email as string, customerEmail: customerEmail(0), serial: serialOf(Math.floor(owned / 2)), hardwareId: hardwareIdOf(Math.floor(owned / 2)), ownerEmail: customerEmail(Math.floor(owned / 2) % counts.customers), customerId: u0 + 1, controllerId: c0 + 1 + Math.floor(owned / 2) }
}
