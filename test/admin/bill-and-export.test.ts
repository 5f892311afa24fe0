/** The bill as a PDF (owner or staff) and the CSV exports of the lists (staff, same filters and access). */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { login } from '../support/http'
import { createController, createOption, requestCodeFor } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

let server: TestServer
let order: { id: string | number; number: string }
let customerToken: string
let staffToken: string
let otherToken: string
let controllerSerial: string

beforeAll(async () => {
  server = await startTestServer()
  const { payload, api } = server
  const option = await createOption(payload, { code: 'BILLTHC', price: 19900, name: 'Torch height control' })
  const controller = await createController(payload)
  controllerSerial = controller.serial
  const customer = await createUser(payload, 'customer', { name: 'Ivan Petrov' })
  customerToken = await login(api, customer.email, TEST_PASSWORD)
  await api('POST', '/api/controllers/claim', { token: customerToken, body: { requestCode: requestCodeFor(controller) } })
  order = (await api('POST', '/api/orders', { token: customerToken, body: { controller: controller.id, items: [{ option: option.id }] } })).body.doc
  staffToken = await login(api, (await createUser(payload, 'manager')).email, TEST_PASSWORD)
  otherToken = await login(api, (await createUser(payload, 'customer')).email, TEST_PASSWORD)
})
afterAll(async () => {
  await server?.close()
})

async function fetchBinary(path: string, token?: string) {
  const res = await fetch(server.url + path, { headers: token ? { authorization: `JWT ${token}` } : {} })
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) }
}

describe('GET /api/orders/:id/bill.pdf', () => {
  test('the customer gets a PDF naming the order', async () => {
    const res = await fetchBinary(`/api/orders/${order.id}/bill.pdf`, customerToken)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toContain(`${order.number}.pdf`)
    expect(res.body.subarray(0, 5).toString()).toBe('%PDF-')
    const text = res.body.toString('latin1')
    expect(text).toContain(`(Bill ${order.number})`) // the document title
    expect(text).toMatch(/\/Type \/Page\b/)
    expect(res.body.length).toBeGreaterThan(1000)
  })

  test('staff get it too; another customer, anonymous and bad ids do not', async () => {
    expect((await fetchBinary(`/api/orders/${order.id}/bill.pdf`, staffToken)).status).toBe(200)
    expect((await fetchBinary(`/api/orders/${order.id}/bill.pdf`, otherToken)).status).toBe(404)
    expect((await fetchBinary(`/api/orders/${order.id}/bill.pdf`)).status).toBe(401)
    expect((await fetchBinary(`/api/orders/not-an-id/bill.pdf`, staffToken)).status).toBe(404)
    expect((await fetchBinary(`/api/orders/987654/bill.pdf`, staffToken)).status).toBe(404)
  })

  test('the PDF holds the bill: seller, buyer, items, total and payment reference (text readable with the built-in font)', async () => {
    const { renderBillPdf } = await import('@/domain/bill-pdf')
    const saved = process.env.BILL_PDF_FONT
    const doc = await server.payload.findByID({ collection: 'orders', id: order.id, overrideAccess: true, depth: 0 })
    process.env.BILL_PDF_FONT = 'builtin'
    try {
      const pdf = await renderBillPdf(doc as never, { serial: controllerSerial })
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-')
      const text = pdfText(pdf)
      for (const expected of [`Bill ${order.number}`, 'Ivan Petrov', 'BILLTHC', 'Torch height control', '199.00 EUR', `Payment reference: ${order.number}`, 'IBAN', controllerSerial]) {
        expect(text).toContain(expected)
      }
      expect(text).toContain((doc as unknown as { bill: { seller: { name: string } } }).bill.seller.name)
    } finally {
      if (saved === undefined) delete process.env.BILL_PDF_FONT
      else process.env.BILL_PDF_FONT = saved
    }
  })
})

/** The text shown by an uncompressed pdfkit PDF with a standard font: the hex strings of its TJ operators. */
function pdfText(pdf: Buffer): string {
  const lines: string[] = []
  for (const m of pdf.toString('latin1').matchAll(/\[((?:<[0-9a-f]*>\s*-?[\d.]*\s*)+)\]\s*TJ/g)) {
    lines.push([...m[1].matchAll(/<([0-9a-f]*)>/g)].map((h) => Buffer.from(h[1], 'hex').toString('latin1')).join(''))
  }
  return lines.join('\n')
}

describe('GET /api/<collection>/export.csv', () => {
  test.each(['controllers', 'orders', 'licenses', 'users'])('%s: staff get CSV; customers get 403', async (collection) => {
    const res = await server.api('GET', `/api/${collection}/export.csv`, { token: staffToken })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toMatch(/text\/csv/)
    expect(res.text.split('\r\n')[0]).toMatch(/^id,/)
    expect((await server.api('GET', `/api/${collection}/export.csv`, { token: customerToken })).status).toBe(403)
    expect((await server.api('GET', `/api/${collection}/export.csv`)).status).toBe(401)
  })

  test('the list filter applies; relationships show their e-mail or serial', async () => {
    const all = await server.api('GET', `/api/orders/export.csv`, { token: staffToken })
    expect(all.text).toContain(order.number)
    expect(all.text).toContain(controllerSerial)
    expect(all.text).toContain('199.00')
    const none = await server.api('GET', `/api/orders/export.csv?where[status][equals]=paid`, { token: staffToken })
    expect(none.status).toBe(200)
    expect(none.text.trim().split('\r\n')).toHaveLength(1)
    const bad = await server.api('GET', `/api/orders/export.csv?where[nope][equals]=1`, { token: staffToken })
    expect(bad.status).toBeGreaterThanOrEqual(400)
    expect(bad.status).toBeLessThan(500)
  })
})
