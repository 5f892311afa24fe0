import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { signWebhook } from '@/domain/payment-webhook'
import { login } from '../support/http'
import { createController, createOption } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'
import { populated } from '../support/populated'

const SECRET = 'whsec-concurrency-test'
let server: TestServer
beforeAll(async () => {
  server = await startTestServer({ PAYMENT_WEBHOOK_SECRET: SECRET })
})
afterAll(async () => {
  await server?.close()
})

async function ownedController() {
  const customer = await createUser(server.payload, 'customer')
  const controller = await createController(server.payload, { owner: customer.id })
  return { customer, controller, token: await login(server.api, customer.email, TEST_PASSWORD) }
}

test('20 parallel applies on one controller give sequences 1…20 with no gap or duplicate', async () => {
  const { controller, token } = await ownedController()
  const results = await Promise.all(
    Array.from({ length: 20 }, () => server.api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: [] } })),
  )
  expect(results.map((r) => r.status)).toEqual(Array(20).fill(201))
  expect(results.map((r) => r.body.license.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  const stored = await server.payload.find({ collection: 'licenses', where: { controller: { equals: controller.id } }, limit: 100, overrideAccess: true })
  expect(stored.docs.map((l) => l.sequence).sort((a, b) => a - b)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1))
  const c = await server.payload.findByID({ collection: 'controllers', id: controller.id, overrideAccess: true })
  expect(c.licenseSequence).toBe(20)
})

test('a counter left behind by a crash between storing a license and counting it: the next license still gets the next sequence', async () => {
  const { controller, token } = await ownedController()
  for (const expected of [1, 2]) {
    const r = await server.api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: [] } })
    expect(r.status).toBe(201)
    expect(r.body.license.sequence).toBe(expected)
  }
  // What a process killed right after the license insert leaves: license 2 stored, counter still 1.
  await server.payload.db.updateOne({ collection: 'controllers', id: controller.id, data: { licenseSequence: 1 }, returning: false } as never)
  const next = await server.api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: [] } })
  expect(next.status).toBe(201)
  expect(next.body.license.sequence).toBe(3)
  const stored = await server.payload.find({ collection: 'licenses', where: { controller: { equals: controller.id } }, limit: 10, overrideAccess: true })
  expect(stored.docs.map((l) => l.sequence).sort((a, b) => a - b)).toEqual([1, 2, 3])
  const c = await server.payload.findByID({ collection: 'controllers', id: controller.id, overrideAccess: true })
  expect(c.licenseSequence).toBe(3)
})

test('20 parallel deliveries of one payment grant once', async () => {
  const { controller, token, customer } = await ownedController()
  const option = await createOption(server.payload, { price: 5000 })
  const order = await server.api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: option.id }] } })
  expect(order.status).toBe(201)
  const body = JSON.stringify({ event: 'payment.succeeded', paymentId: `pay_${Date.now()}`, orderNumber: order.body.doc.number, amount: 5000, currency: 'EUR' })
  const headers = { 'content-type': 'application/json', 'x-pumotix-signature': signWebhook(body, SECRET) }
  const results = await Promise.all(Array.from({ length: 20 }, () => server.api('POST', '/api/payments/webhook', { rawBody: body, headers })))
  expect(results.map((r) => r.status)).toEqual(Array(20).fill(200))
  expect(results.filter((r) => r.body.duplicate === false)).toHaveLength(1)
  const payments = await server.payload.count({ collection: 'payments', where: { order: { equals: order.body.doc.id } }, overrideAccess: true })
  expect(payments.totalDocs).toBe(1)
  const c = await server.payload.findByID({ collection: 'controllers', id: controller.id, overrideAccess: true, depth: 0 })
  expect((c.entitlements ?? []).filter((e) => e.state === 'available')).toHaveLength(1)
  const stored = await server.payload.findByID({ collection: 'orders', id: order.body.doc.id, overrideAccess: true })
  expect(stored.status).toBe('paid')
  expect(String(populated(stored.customer).id)).toBe(String(customer.id))
  // A stale or wrong-amount delivery changes nothing.
  const stale = await server.api('POST', '/api/payments/webhook', { rawBody: body, headers: { ...headers, 'x-pumotix-signature': signWebhook(body, SECRET, Math.floor(Date.now() / 1000) - 600) } })
  expect(stale.status).toBe(401)
})

test('a re-delivered payment whose first delivery stopped after storing the payment still marks the order paid', async () => {
  const { controller, token } = await ownedController()
  const option = await createOption(server.payload, { price: 4000 })
  const order = await server.api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: option.id }] } })
  const paymentId = `pay_interrupted_${Date.now()}`
  // What a SIGKILL between the two writes leaves behind: the payment row, the order still unpaid.
  await server.payload.create({ collection: 'payments', overrideAccess: true, data: { paymentId, order: order.body.doc.id, amount: 4000, currency: 'EUR', receivedAt: new Date().toISOString() } })
  const body = JSON.stringify({ event: 'payment.succeeded', paymentId, orderNumber: order.body.doc.number, amount: 4000, currency: 'EUR' })
  const res = await server.api('POST', '/api/payments/webhook', { rawBody: body, headers: { 'content-type': 'application/json', 'x-pumotix-signature': signWebhook(body, SECRET) } })
  expect(res.status).toBe(200)
  const stored = await server.payload.findByID({ collection: 'orders', id: order.body.doc.id, overrideAccess: true })
  expect(stored.status).toBe('paid')
  expect(await server.payload.count({ collection: 'payments', where: { paymentId: { equals: paymentId } }, overrideAccess: true })).toMatchObject({ totalDocs: 1 })
  const c = await server.payload.findByID({ collection: 'controllers', id: controller.id, overrideAccess: true, depth: 0 })
  expect((c.entitlements ?? []).map((e) => e.state)).toEqual(['available'])
})

test('a webhook whose amount or currency does not match the order gets 422 and changes nothing', async () => {
  const { controller, token } = await ownedController()
  const option = await createOption(server.payload, { price: 7000 })
  const order = await server.api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: option.id }] } })
  for (const [amount, currency] of [[6999, 'EUR'], [7000, 'USD']] as const) {
    const body = JSON.stringify({ event: 'payment.succeeded', paymentId: `pay_${amount}_${currency}`, orderNumber: order.body.doc.number, amount, currency })
    const res = await server.api('POST', '/api/payments/webhook', { rawBody: body, headers: { 'content-type': 'application/json', 'x-pumotix-signature': signWebhook(body, SECRET) } })
    expect(res.status).toBe(422)
  }
  const stored = await server.payload.findByID({ collection: 'orders', id: order.body.doc.id, overrideAccess: true })
  expect(stored.status).toBe('awaiting_payment')
})

test('the same option cannot be ordered twice, even at the same time', async () => {
  const { controller, token } = await ownedController()
  const option = await createOption(server.payload)
  const results = await Promise.all(
    Array.from({ length: 5 }, () => server.api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: option.id }] } })),
  )
  expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422, 422, 422])
  const c = await server.payload.findByID({ collection: 'controllers', id: controller.id, overrideAccess: true, depth: 0 })
  expect(c.entitlements).toHaveLength(1)
})
