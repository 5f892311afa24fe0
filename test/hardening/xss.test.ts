/**
 * Script payloads in free-text fields (user name, controller notes, option names, order status
 * reason) are stored as given and come out inert: as JSON (application/json, nosniff) from the API,
 * and escaped in every e-mail template. The portal renders with React (escaped by default); a static
 * check makes sure nobody bypasses that with dangerouslySetInnerHTML unnoticed.
 */
import fs from 'node:fs'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { LANGS } from '@templates/types'
import { renderTemplate, templateNames } from '@templates'
import { createController, createOption } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser } from '../support/users'
import { tokenFor } from './fixtures'

const PAYLOADS = ['<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "'><svg onload=alert(1)>", 'javascript:alert(1)//</title><script>x</script>']
const XSS = PAYLOADS.join(' | ')
/** Short enough for name fields (at most 120 characters). */
const XSS_SHORT = `${PAYLOADS[0]} ${PAYLOADS[1]}`

/** A raw tag or event handler in HTML, as opposed to its escaped text. */
const ACTIVE = [/<script/i, /<img[^>]*onerror/i, /<svg[^>]*onload/i, /<[^>]+\son(error|load)\s*=/i, /<\/title><script/i]

function expectInertHtml(html: string) {
  // Inside a double-quoted attribute value text is inert as long as it cannot close the quote —
  // escapeHtml turns " into &quot; — so look only at what is outside the quotes.
  const outsideQuotes = html.replace(/"[^"]*"/g, '""')
  for (const pattern of ACTIVE) expect(outsideQuotes).not.toMatch(pattern)
}

describe('e-mail templates escape every field', () => {
  const context = {
    name: XSS,
    url: `https://account.example/verify?token=${XSS}`,
    newEmail: XSS,
    serial: XSS,
    model: XSS,
    sequence: 7,
    options: [XSS, 'THC'],
    controllerId: XSS,
    orderId: XSS,
    number: XSS,
    items: [{ code: XSS, name: XSS, unitPrice: 12900, currency: 'EUR' }],
    total: 12900,
    currency: 'EUR',
    seller: { name: XSS, address: XSS, vatId: XSS, bankName: XSS, iban: XSS, bic: XSS, accountHolder: XSS },
    dueAt: '2026-12-01T00:00:00.000Z',
    title: XSS,
    excerpt: XSS,
    slug: XSS,
    category: XSS,
    imageUrl: `https://account.example/a.png${XSS}`,
    unsubscribeUrl: `https://account.example/unsubscribe?t=${XSS}`,
    baseUrl: `https://account.example/${XSS}`,
  }
  const cases = templateNames().flatMap((name) => LANGS.map((lang) => [name, lang] as const))
  // payment-received takes options as objects
  const forTemplate = (name: string) => (name === 'payment-received' ? { ...context, options: [{ code: XSS, name: XSS }] } : context)

  test.each(cases)('%s (%s)', (name, lang) => {
    const mail = renderTemplate(name, forTemplate(name), lang)
    expectInertHtml(mail.html)
    // The payload is there, escaped (so the test is not passing because a field was left out).
    expect(mail.html).toMatch(/&lt;script&gt;|&lt;img src=x onerror=alert\(1\)&gt;/)
    expect(mail.subject).not.toMatch(/[\r\n]/) // no header injection through the subject
  })
})

describe('API responses', () => {
  let server: TestServer
  beforeAll(async () => {
    server = await startTestServer()
  })
  afterAll(async () => {
    await server?.close()
  })

  test('stored as given, served as JSON with nosniff', async () => {
    const p = server.payload
    const customer = await createUser(p, 'customer')
    const manager = await createUser(p, 'manager')
    const token = await tokenFor(p, customer.email)
    const staff = await tokenFor(p, manager.email)
    const option = await createOption(p, { name: XSS_SHORT })
    const controller = await createController(p, { owner: customer.id, notes: XSS_SHORT })
    const name = await server.api('PATCH', `/api/users/${customer.id}`, { token, body: { name: '<script>alert(1)</script>' } })
    expect(name.status).toBe(200)
    const order = await server.api('POST', '/api/orders', { token, body: { controller: controller.id, items: [{ option: option.id }] } })
    expect(order.status).toBe(201)
    const cancel = await server.api('PATCH', `/api/orders/${order.body.doc.id}`, { token: staff, body: { status: 'cancelled', statusReason: XSS_SHORT } })
    expect(cancel.status).toBe(200)

    const reads = [
      await server.api('GET', `/api/users/${customer.id}`, { token }),
      await server.api('GET', `/api/controllers/${controller.id}`, { token: staff }),
      await server.api('GET', `/api/options/${option.id}`, { token }),
      await server.api('GET', `/api/orders/${order.body.doc.id}?depth=1`, { token }),
    ]
    for (const res of reads) {
      expect(res.status).toBe(200)
      expect(res.headers.get('content-type')).toMatch(/^application\/json/)
      expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    }
    expect(reads[0].body.name).toBe('<script>alert(1)</script>')
    expect(reads[1].body.notes).toBe(XSS_SHORT)
    expect(reads[2].body.name).toBe(XSS_SHORT)
    expect(reads[3].body.statusReason).toBe(XSS_SHORT)
    expect(reads[3].body.items[0].name).toBe(XSS_SHORT)
  })
})

test('portal and admin code never bypass React escaping (no dangerouslySetInnerHTML outside a reviewed list)', () => {
  const reviewed = new Set<string>([]) // add a file here only with an escaping/sanitising argument next to its use
  const roots = ['src/app', 'src/portal', 'collections', 'components'].filter((d) => fs.existsSync(d))
  const offenders: string[] = []
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, entry.name)
      if (entry.isDirectory()) walk(p)
      else if (/\.(tsx?|jsx?)$/.test(entry.name) && /dangerouslySetInnerHTML/.test(fs.readFileSync(p, 'utf8')) && !reviewed.has(p)) offenders.push(p)
    }
  }
  roots.forEach(walk)
  expect(offenders).toEqual([])
})
