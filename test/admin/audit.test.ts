/**
 * The audit log over real HTTP: every business event leaves one entry with who did it, and nobody can
 * change or delete an entry through REST or the Local API.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { signWebhook } from '@/domain/payment-webhook'
import { login } from '../support/http'
import { createController, createOption, requestCodeFor } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

const WEBHOOK_SECRET = 'whsec-audit-0123456789'
let server: TestServer

beforeAll(async () => {
  server = await startTestServer({ PAYMENT_WEBHOOK_SECRET: WEBHOOK_SECRET })
})
afterAll(async () => {
  await server?.close()
})

type Entry = { id: string | number; action: string; actor?: unknown; actorLabel: string; subjectCollection: string; subjectId: string; summary: string; before?: any; after?: any; at: string }

async function entries(action: string, subjectId?: string | number): Promise<Entry[]> {
  const where: Record<string, unknown> = { action: { equals: action } }
  if (subjectId !== undefined) where.subjectId = { equals: String(subjectId) }
  const found = await server.payload.find({ collection: 'audit-events', where: where as never, sort: '-at', limit: 100, depth: 0, overrideAccess: true })
  return found.docs as unknown as Entry[]
}
const actorId = (e: Entry) => String((e.actor as { id?: unknown } | null)?.id ?? e.actor)

describe('every business event is recorded once, with its actor', () => {
  test('claim, order, paid by staff, paid by webhook, cancel, refund, license issued', async () => {
    const { payload, api } = server
    const thc = await createOption(payload, { code: 'ATHC', price: 1000 })
    const axis = await createOption(payload, { code: 'AAXIS', price: 2000 })
    const plasma = await createOption(payload, { code: 'APLASMA', price: 3000 })
    const controller = await createController(payload)
    const customer = await createUser(payload, 'customer')
    const manager = await createUser(payload, 'manager')
    const token = await login(api, customer.email, TEST_PASSWORD)
    const staff = await login(api, manager.email, TEST_PASSWORD)

    expect((await api('POST', '/api/controllers/claim', { token, body: { requestCode: requestCodeFor(controller) } })).status).toBe(200)
    const [claimed] = await entries('controller.claimed', controller.id)
    expect(claimed).toMatchObject({ subjectCollection: 'controllers', actorLabel: customer.email })
    expect(actorId(claimed)).toBe(String(customer.id))
    // Claiming again with a fresh code (same owner) is not a new claim.
    expect((await api('POST', '/api/controllers/claim', { token, body: { requestCode: requestCodeFor(controller, { sequence: 0 }) } })).status).toBe(200)
    expect(await entries('controller.claimed', controller.id)).toHaveLength(1)

    const place = async (optionId: unknown) => (await api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: optionId }] } })).body.doc
    const o1 = await place(thc.id)
    const o2 = await place(axis.id)
    const o3 = await place(plasma.id)
    const placed = await entries('order.placed', o1.id)
    expect(placed).toHaveLength(1)
    expect(placed[0].summary).toContain(o1.number)
    expect(actorId(placed[0])).toBe(String(customer.id))

    expect((await api('PATCH', `/api/orders/${o1.id}`, { token: staff, body: { status: 'paid', paymentReference: 'BANK-77' } })).status).toBe(200)
    const [paid] = await entries('order.paid', o1.id)
    expect(paid).toMatchObject({ actorLabel: manager.email, before: { status: 'awaiting_payment' }, after: { status: 'paid', paymentReference: 'BANK-77' } })
    expect(actorId(paid)).toBe(String(manager.id))

    const event = JSON.stringify({ event: 'payment.succeeded', paymentId: 'pay_audit_1', orderNumber: o2.number, amount: 2000, currency: 'EUR' })
    const hook = await api('POST', '/api/payments/webhook', { rawBody: event, headers: { 'content-type': 'application/json', 'x-pumotix-signature': signWebhook(event, WEBHOOK_SECRET) } })
    expect(hook.status).toBe(200)
    const [viaWebhook] = await entries('order.paid', o2.id)
    expect(viaWebhook).toMatchObject({ actorLabel: 'payment webhook', actor: null })

    expect((await api('PATCH', `/api/orders/${o3.id}`, { token: staff, body: { status: 'cancelled', statusReason: 'Ordered by mistake' } })).status).toBe(200)
    expect((await entries('order.cancelled', o3.id))[0]).toMatchObject({ actorLabel: manager.email, after: { status: 'cancelled', statusReason: 'Ordered by mistake' } })
    expect((await api('PATCH', `/api/orders/${o2.id}`, { token: staff, body: { status: 'refunded', statusReason: 'Returned' } })).status).toBe(200)
    expect((await entries('order.refunded', o2.id))[0]).toMatchObject({ actorLabel: manager.email, before: { status: 'paid' } })

    const apply = await api('POST', `/api/controllers/${controller.id}/apply`, { token: staff, body: { options: ['ATHC'] } })
    expect(apply.status).toBe(201)
    const [issued] = await entries('license.issued', apply.body.license.id)
    expect(issued).toMatchObject({ subjectCollection: 'licenses', actorLabel: manager.email, after: { sequence: 1, options: ['ATHC'] } })
  })

  test('role changes record the admin who made them and the roles before and after', async () => {
    const admin = await createUser(server.payload, 'admin')
    const user = await createUser(server.payload, 'customer')
    const token = await login(server.api, admin.email, TEST_PASSWORD)
    const res = await server.api('PATCH', `/api/users/${user.id}`, { token, body: { roles: ['manager'] } })
    expect(res.status).toBe(200)
    const [e] = await entries('user.role_changed', user.id)
    expect(e).toMatchObject({ actorLabel: admin.email, before: { roles: ['customer'] }, after: { roles: ['manager'] } })
    // Saving without a role change adds nothing.
    await server.api('PATCH', `/api/users/${user.id}`, { token, body: { name: 'Renamed' } })
    expect(await entries('user.role_changed', user.id)).toHaveLength(1)
  })

  test('signing key rotation is recorded with the old and the new key', async () => {
    const admin = await createUser(server.payload, 'admin')
    const token = await login(server.api, admin.email, TEST_PASSWORD)
    const res = await server.api('POST', '/api/signing-keys/rotate', { token, body: { confirm: true } })
    expect(res.status).toBe(201)
    // The new key signs (and the rotation is complete) once it is certified.
    expect((await server.api('POST', `/api/signing-keys/${res.body.key.id}/certify-with-development-root`, { token })).status).toBe(200)
    const [e] = await entries('signing_key.rotated')
    expect(e).toMatchObject({ actorLabel: admin.email, after: { active: res.body.key.kid } })
    expect(e.before.active).toHaveLength(1)
  })

  test('an account locked by failed logins is recorded once per lock', async () => {
    const user = await createUser(server.payload, 'customer')
    for (let i = 0; i < 7; i++) {
      const res = await server.api('POST', '/api/users/login', { body: { email: user.email, password: 'wrong-password' } })
      expect([401, 423, 429]).toContain(res.status)
    }
    const locked = await entries('user.login_locked', user.id)
    expect(locked).toHaveLength(1)
    expect(locked[0]).toMatchObject({ subjectCollection: 'users', actor: null })
    expect(locked[0].summary).toContain(user.email)
  })
})

describe('the log is append-only', () => {
  test('REST: nobody creates, changes or deletes an entry; managers read, customers and editors do not', async () => {
    const admin = await createUser(server.payload, 'admin')
    const manager = await createUser(server.payload, 'manager')
    const editor = await createUser(server.payload, 'editor')
    const customer = await createUser(server.payload, 'customer')
    const adminToken = await login(server.api, admin.email, TEST_PASSWORD)
    await server.api('PATCH', `/api/users/${customer.id}`, { token: adminToken, body: { roles: ['customer', 'editor'] } })
    const [entry] = await entries('user.role_changed', customer.id)

    const managerToken = await login(server.api, manager.email, TEST_PASSWORD)
    const list = await server.api('GET', '/api/audit-events?limit=5', { token: managerToken })
    expect(list.status).toBe(200)
    expect(list.body.totalDocs).toBeGreaterThan(0)
    for (const who of [editor, customer]) {
      const t = await login(server.api, who.email, TEST_PASSWORD)
      expect((await server.api('GET', '/api/audit-events', { token: t })).status).toBe(403)
    }
    for (const token of [adminToken, managerToken]) {
      expect((await server.api('PATCH', `/api/audit-events/${entry.id}`, { token, body: { summary: 'nothing happened' } })).status).toBe(403)
      expect((await server.api('DELETE', `/api/audit-events/${entry.id}`, { token })).status).toBe(403)
      expect((await server.api('POST', '/api/audit-events', { token, body: { action: 'order.paid', subjectCollection: 'orders', subjectId: '1', summary: 'forged', at: new Date().toISOString() } })).status).toBe(403)
    }
    const still = await server.payload.findByID({ collection: 'audit-events', id: entry.id, overrideAccess: true })
    expect(still.summary).toBe(entry.summary)
  })

  test('Local API: even trusted code with overrideAccess cannot change or delete an entry', async () => {
    const [entry] = (await server.payload.find({ collection: 'audit-events', limit: 1, overrideAccess: true })).docs
    await expect(server.payload.update({ collection: 'audit-events', id: entry.id, data: { summary: 'x' } as never, overrideAccess: true })).rejects.toThrow(/cannot be changed/)
    await expect(server.payload.delete({ collection: 'audit-events', id: entry.id, overrideAccess: true })).rejects.toThrow(/cannot be deleted/)
    const bulk = await server.payload.delete({ collection: 'audit-events', where: { id: { exists: true } }, overrideAccess: true })
    expect(bulk.docs).toHaveLength(0)
    expect((await server.payload.count({ collection: 'audit-events', overrideAccess: true })).totalDocs).toBeGreaterThan(0)
  })
})
