/**
 * GET /api/users/me/export over real HTTP: the ZIP passes unzip -t, holds account.json, controllers.json,
 * orders.json, a PDF bill per order and every license file of the customer's controllers — each of
 * which verifies as a controller verifies it, against GET /api/license-keys (format 1 with `keys`,
 * format 2 with `roots`). Nobody else's data, and nobody else may export it.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { verifyLicense, verifyLicenseV2, verifyLicenseV2WithForge, verifyLicenseWithForge } from '@/licensing'
import { login } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'
import { customerWithHistory, download, Unzipped, type Customer } from './support'

let server: TestServer
let alice: Customer
let bob: Customer
let zip: Unzipped

beforeAll(async () => {
  server = await startTestServer({ RATE_LIMIT_EXPORT: '8' })
  alice = await customerWithHistory(server, { name: 'Alice Exporter', phone: '+49 30 5550101', newsSubscribed: true, language: 'en' })
  bob = await customerWithHistory(server, { name: 'Bob Other' })
  const res = await download(server, '/api/users/me/export', alice.token)
  expect(res.status).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/zip')
  expect(res.headers.get('content-disposition')).toMatch(new RegExp(`^attachment; filename="pumotix-account-${alice.user.id}-\\d{4}-\\d{2}-\\d{2}\\.zip"$`))
  expect(res.headers.get('cache-control')).toBe('private, no-store')
  zip = new Unzipped(res.body)
})
afterAll(async () => {
  zip?.remove()
  await server?.close()
})

describe('the archive', () => {
  test('is a valid ZIP with the documented files', () => {
    expect(zip.test()).toMatch(/No errors detected/)
    const names = zip.names()
    expect(names.slice(0, 4)).toEqual(['README.txt', 'account.json', 'controllers.json', 'orders.json'])
    expect(names.filter((n) => n.startsWith('bills/')).sort()).toEqual(alice.orders.map((o) => `bills/${o.number}.pdf`).sort())
    const [first, second] = alice.controllers
    expect(names.filter((n) => n.startsWith('licenses/')).sort()).toEqual([`licenses/PMX-${first.serial}-1.lic`, `licenses/PMX-${first.serial}-2.lic`, `licenses/PMX-${second.serial}-1.lic`].sort())
    expect(names).toHaveLength(4 + alice.orders.length + alice.licenses)
  })

  test('every license file in it verifies against GET /api/license-keys, as the controller it was made for verifies it', async () => {
    const published = (await server.api('GET', '/api/license-keys')).body
    expect(published.keys.length).toBeGreaterThan(0)
    expect(published.roots.length).toBeGreaterThan(0)
    const licenses = zip.names().filter((n) => n.startsWith('licenses/'))
    for (const name of licenses) {
      const text = zip.read(name).toString('utf8')
      const controller = alice.controllers.find((c) => name.startsWith(`licenses/PMX-${c.serial}-`))!
      const opts = { hardwareId: controller.hardwareId }
      if (controller.format === 1) {
        expect(verifyLicense(text, published.keys, opts)).toMatchObject({ ok: true })
        expect(verifyLicenseWithForge(text, published.keys, opts)).toMatchObject({ ok: true })
      } else {
        expect(verifyLicenseV2(text, published.roots, null, opts)).toMatchObject({ ok: true })
        expect(verifyLicenseV2WithForge(text, published.roots, null, opts)).toMatchObject({ ok: true })
      }
      // Another controller's hardware refuses it: the file is the real, bound license.
      const other = alice.controllers.find((c) => c !== controller)!
      const foreign = controller.format === 1 ? verifyLicense(text, published.keys, { hardwareId: other.hardwareId }) : verifyLicenseV2(text, published.roots, null, { hardwareId: other.hardwareId })
      expect(foreign.ok).toBe(false)
    }
    // Byte for byte the files the portal's download serves.
    const stored = await server.payload.find({ collection: 'licenses', where: { controller: { in: alice.controllers.map((c) => c.id) } }, overrideAccess: true, limit: 0 })
    expect(stored.docs).toHaveLength(alice.licenses)
    for (const l of stored.docs) expect(zip.read(`licenses/PMX-${l.serial}-${l.sequence}.lic`).toString('utf8')).toBe((await server.api('GET', `/api/licenses/${l.id}/download`, { token: alice.token })).text)
  })

  test('each bill is the order’s PDF', () => {
    for (const o of alice.orders) {
      const pdf = zip.read(`bills/${o.number}.pdf`)
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      expect(pdf.subarray(-6).toString()).toMatch(/%%EOF/)
      expect(pdf.toString('latin1')).toContain(`Bill ${o.number}`)
    }
  })

  test('account.json: profile, consents, language and subscriptions', () => {
    const account = zip.json('account.json')
    expect(account.format).toBe('pumotix-account-export/1')
    expect(account.account).toMatchObject({ id: alice.user.id, name: 'Alice Exporter', email: alice.user.email, phone: '+49305550101', language: 'en', roles: ['customer'] })
    expect(account.subscriptions).toEqual({ news: true })
    expect(account.consents.newsAndUpdatesByEmail).toEqual({ given: true })
    expect(account.consents).toHaveProperty('privacyPolicy')
    // Nothing of the login machinery.
    expect(JSON.stringify(account)).not.toMatch(/hash|salt|session|token/i)
  })

  test('controllers.json: each controller with its options, their states and end dates, and its licenses', () => {
    const controllers = zip.json<any[]>('controllers.json')
    expect(controllers.map((c) => c.serial).sort()).toEqual(alice.controllers.map((c) => c.serial).sort())
    const first = controllers.find((c) => c.serial === alice.controllers[0].serial)
    const second = controllers.find((c) => c.serial === alice.controllers[1].serial)
    expect(first).toMatchObject({ hardwareId: alice.controllers[0].hardwareId, licenseFormat: 1, latestLicense: 2 })
    expect(first.options).toEqual([expect.objectContaining({ state: 'active', inLatestLicense: true, endsAt: null, order: alice.orders[0].number })])
    expect(first.options[0].code).toMatch(/^OPT/)
    expect(first.licenses.map((l: { sequence: number; file: string }) => [l.sequence, l.file])).toEqual([
      [1, `licenses/PMX-${first.serial}-1.lic`],
      [2, `licenses/PMX-${first.serial}-2.lic`],
    ])
    expect(second).toMatchObject({ licenseFormat: 2, latestLicense: 1 })
    expect(second.options).toEqual([expect.objectContaining({ state: 'awaiting_payment', inLatestLicense: false, endsAt: null, order: alice.orders[1].number })])
  })

  test('orders.json: every order with its items, status, payments and bill', () => {
    const orders = zip.json<any[]>('orders.json')
    expect(orders.map((o) => [o.number, o.status])).toEqual([
      [alice.orders[0].number, 'paid'],
      [alice.orders[1].number, 'awaiting_payment'],
    ])
    expect(orders[0]).toMatchObject({ total: 25000, currency: 'EUR', paymentReference: 'REF-1', controller: alice.controllers[0].serial })
    expect(orders[0].bill.buyer).toMatchObject({ name: 'Alice Exporter', email: alice.user.email })
    expect(orders[0].bill.file).toBe(`bills/${alice.orders[0].number}.pdf`)
  })

  test('README.txt explains every file', () => {
    const readme = zip.read('README.txt').toString('utf8')
    for (const word of ['account.json', 'controllers.json', 'orders.json', 'bills/', 'licenses/PMX-', 'pumotix-device verify']) expect(readme).toContain(word)
  })

  test('nothing of another customer is in it', () => {
    const everything = zip.names().map((n) => zip.read(n).toString('latin1')).join('\n')
    expect(everything).not.toContain(bob.user.email)
    expect(everything).not.toContain('Bob Other')
    for (const c of bob.controllers) expect(everything).not.toContain(c.hardwareId)
    for (const o of bob.orders) expect(everything).not.toContain(o.number)
  })
})

describe('who may export', () => {
  test('another customer cannot export someone else’s data: 404, as for any record not theirs', async () => {
    const res = await download(server, `/api/users/${alice.user.id}/export`, bob.token)
    expect(res.status).toBe(404)
    expect(JSON.parse(res.body.toString()).errors[0].message).toBe('No such account.')
    expect((await download(server, '/api/users/not-an-id/export', bob.token)).status).toBe(404)
    // Their own id works like "me".
    const own = await download(server, `/api/users/${bob.user.id}/export`, bob.token)
    expect([own.status, own.headers.get('content-type')]).toEqual([200, 'application/zip'])
  })

  test('without a session: 401 saying to log in', async () => {
    const res = await download(server, '/api/users/me/export')
    expect(res.status).toBe(401)
    expect(JSON.parse(res.body.toString()).errors[0].message).toMatch(/log in/)
  })

  test('staff export a given customer; a manager not an administrator', async () => {
    const manager = await login(server.api, (await createUser(server.payload, 'manager')).email, TEST_PASSWORD)
    const res = await download(server, `/api/users/${alice.user.id}/export`, manager)
    expect(res.status).toBe(200)
    const z = new Unzipped(res.body)
    try {
      expect(z.json('account.json').account.email).toBe(alice.user.email)
      expect(z.names().filter((n) => n.startsWith('licenses/'))).toHaveLength(alice.licenses)
    } finally {
      z.remove()
    }
    const admin = await createUser(server.payload, 'admin')
    expect((await download(server, `/api/users/${admin.id}/export`, manager)).status).toBe(404)
  })

  test('the export is rate-limited per client address, with a 429 that says when to try again', async () => {
    let last = await download(server, '/api/users/me/export', bob.token)
    for (let i = 0; i < 10 && last.status === 200; i++) last = await download(server, '/api/users/me/export', bob.token)
    expect(last.status).toBe(429)
    expect(JSON.parse(last.body.toString()).errors[0].message).toMatch(/Too many data exports from your network address\. Please try again in \d+ minutes?\./)
    expect(Number(last.headers.get('retry-after'))).toBeGreaterThan(0)
  })
})
