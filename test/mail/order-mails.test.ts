/** The mails the licensing flow sends, end to end over SMTP: the bill (with its PDF), payment received, license issued. */
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { login } from '../support/http'
import { createController, createOption } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { startSmtpCapture, type SmtpCapture } from '../support/smtp'
import { createUser, TEST_PASSWORD } from '../support/users'

let smtp: SmtpCapture
let server: TestServer

beforeAll(async () => {
  smtp = await startSmtpCapture()
  server = await startTestServer({ SMTP_URL: smtp.url, JOBS_INTERVAL_MS: '50' })
})
afterAll(async () => {
  await server?.close()
  await smtp?.stop()
})

test('placing an order mails the bill with its PDF; paying and applying mail the customer in their language', async () => {
  const customer = await createUser(server.payload, 'customer', { language: 'ru' })
  const manager = await createUser(server.payload, 'manager')
  const controller = await createController(server.payload, { owner: customer.id })
  const option = await createOption(server.payload, { price: 25000 })
  const token = await login(server.api, customer.email, TEST_PASSWORD)
  const order = await server.api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: option.id }] } })
  expect(order.status).toBe(201)
  const number = order.body.doc.number

  const bill = await smtp.waitFor((m) => m.subject?.includes(number) === true && m.attachments.length > 0)
  expect(bill.subject).toMatch(/Заказ|заказ|счёт|Счёт/)
  const pdf = bill.attachments[0]
  expect(pdf.contentType).toBe('application/pdf')
  expect(pdf.filename).toBe(`${number}.pdf`)
  expect(pdf.content.subarray(0, 5).toString()).toBe('%PDF-')
  expect(pdf.content.toString('latin1')).toContain(number)

  const staffToken = await login(server.api, manager.email, TEST_PASSWORD)
  expect((await server.api('PATCH', `/api/orders/${order.body.doc.id}`, { token: staffToken, body: { status: 'paid', paymentReference: 'REF-9' } })).status).toBe(200)
  await smtp.waitFor((m) => m.subject?.includes(number) === true && m.attachments.length === 0 && m.text?.includes(option.code) === true)

  const apply = await server.api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options: [option.code] } })
  expect(apply.status).toBe(201)
  const issued = await smtp.waitFor((m) => m.subject?.includes(controller.serial) === true)
  expect(issued.text).toContain(`/account/controllers/${controller.id}`)
})
