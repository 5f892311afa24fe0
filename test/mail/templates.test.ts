import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { ParsedMail } from 'mailparser'

import { htmlToText } from '@/mail/html-to-text'
import { queueEmail } from '@/mail/queue-email'
import { unsubscribeToken } from '@/mail/unsubscribe-token'
import { formatMoney } from '@templates/money'
import { templateNames } from '@templates'
import type { Lang } from '@templates/types'
import { renderTemplate } from '@templates'
import { linkIn, rawHeader, recipientOf } from '../support/mail-headers'
import { login } from '../support/http'
import { startTestServer, type TestServer } from '../support/server'
import { startSmtpCapture, type SmtpCapture } from '../support/smtp'
import { createUser, TEST_PASSWORD } from '../support/users'

let smtp: SmtpCapture
let server: TestServer

beforeAll(async () => {
  smtp = await startSmtpCapture()
  // The real server with its in-process job runner on a short interval and short retry backoff.
  server = await startTestServer({ SMTP_URL: smtp.url, JOBS_INTERVAL_MS: '50', MAIL_RETRY_DELAY_MS: '100', MAIL_RETRY_ATTEMPTS: '3' })
})
afterAll(async () => {
  await server?.close()
  await smtp?.stop()
})

const seller = { name: 'PUMOTIX LLC', address: 'Moscow', vatId: 'RU7701234567', bankName: 'Demo Bank', iban: 'RU00 1111', bic: 'DEMOBIC0XXX', accountHolder: 'PUMOTIX LLC' }

const contexts = (to: string): Record<string, Record<string, unknown>> => ({
  'email-change': { name: 'Nina', newEmail: to, url: `${server.url}/confirm-email?token=abc` },
  'order-placed': {
    name: 'Nina',
    orderId: '42',
    number: 'PMX-2026-000042',
    serial: '700123',
    items: [
      { code: 'THC', name: 'Torch height control', unitPrice: 12900, currency: 'EUR' },
      { code: 'AXIS4', name: '4th axis', unitPrice: 100000, currency: 'EUR' },
    ],
    total: 112900,
    currency: 'EUR',
    seller,
    dueAt: '2026-12-07T00:00:00.000Z',
  },
  'payment-received': { name: 'Nina', number: 'PMX-2026-000042', controllerId: '7', options: [{ code: 'THC', name: 'Torch height control' }] },
  'license-issued': { name: 'Nina', serial: '700123', model: 'NC-300', sequence: 3, options: ['AXIS4', 'THC'], controllerId: '7' },
  'news-published': { name: 'Nina', title: 'Firmware 2.4', excerpt: 'Faster probing.', slug: 'firmware-2-4', unsubscribeUrl: `${server.url}/unsubscribe?token=${unsubscribeToken(1)}` },
  'verify-email': { name: 'Nina', url: `${server.url}/verify?token=abc` },
  'reset-password': { name: 'Nina', url: `${server.url}/reset-password?token=abc` },
  'option-ending': { ...datedOption, source: 'rental', renewMonths: 3, daysLeft: 7 },
  'option-ended': { ...datedOption, source: 'trial' },
  'account-closure': { name: 'Nina', url: `${server.url}/close-account?token=abc` },
  'password-changed': { name: 'Nina', url: `${server.url}/forgot-password` },
  'email-changed': { name: 'Nina', newEmail: 'nina-new@example.test', url: `${server.url}/login` },
  'registration-attempt': { name: 'Nina', url: `${server.url}/login` },
})

/** An option with an end date, as the dated-options sweep writes its mails' context. */
const datedOption = { name: 'Nina', serial: '700123', controllerId: '7', code: 'THC', optionName: 'Torch height control', until: '2026-12-09T10:05:00.000Z', canBuy: true, canRent: true }

const expectedLink: Record<string, string> = {
  'email-change': '/confirm-email?token=abc',
  'order-placed': '/account/orders/42',
  'payment-received': '/account/controllers/7',
  'license-issued': '/account/controllers/7',
  'news-published': '/news/firmware-2-4',
  'verify-email': '/verify?token=abc',
  'reset-password': '/reset-password?token=abc',
  'option-ending': '/account/controllers/7/buy?option=THC&months=3',
  'option-ended': '/account/controllers/7/buy?option=THC',
  'account-closure': '/close-account?token=abc',
  'password-changed': '/forgot-password',
  'email-changed': '/login',
  'registration-attempt': '/login',
}

function expectWellFormed(mail: ParsedMail, to: string, lang: Lang) {
  expect(recipientOf(mail)).toBe(to)
  expect(mail.subject).toBeTruthy()
  expect(mail.html).toContain(`<html lang="${lang}">`)
  expect((mail.text ?? '').length).toBeGreaterThan(40)
  expect(mail.text).not.toMatch(/<[a-z][^>]*>/i) // a real plain-text part, not HTML
  if (lang === 'ru') expect(mail.subject).toMatch(/[а-яё]/i)
  else expect(mail.subject).not.toMatch(/[а-яё]/i)
}

describe('every template, queued, sent over SMTP and parsed back', () => {
  test('all templates are registered', () => {
    expect(templateNames().sort()).toEqual(Object.keys(expectedLink).sort())
  })

  for (const lang of ['en', 'ru'] as Lang[]) {
    test.each(Object.keys(expectedLink))(`%s in ${lang}`, async (template) => {
      const to = `${template}-${lang}-${Date.now()}@example.test`
      await queueEmail(server.payload, { template, to, lang, context: contexts(to)[template] })
      const mail = await smtp.waitFor((m) => recipientOf(m) === to)
      expectWellFormed(mail, to, lang)
      expect(linkIn(mail, server.url)).toContain(expectedLink[template])
      expect(mail.html).toContain(expectedLink[template].replace(/&/g, '&amp;'))
      if (template === 'order-placed') {
        expect(mail.text).toContain('PMX-2026-000042')
        expect(mail.text).toContain('RU00 1111')
        expect(mail.text).toContain(formatMoney(112900, 'EUR', lang))
        expect(mail.html).toContain('Torch height control')
      }
      if (template === 'news-published') expect(mail.text).toContain('/unsubscribe?token=')
      if (template.startsWith('option-')) {
        // Service mail about the customer's own controller, like order and license mails: no unsubscribing.
        expect(rawHeader(mail, 'List-Unsubscribe')).toBeUndefined()
        expect(mail.text).not.toMatch(/unsubscribe/i)
        expect(mail.text).toContain(lang === 'en' ? 'December 9, 2026 at 10:05 UTC' : '9 декабря 2026 г. в 10:05 UTC')
        expect(mail.text).toContain('700123')
        expect(mail.html).toContain('Torch height control')
      }
    })
  }

  test('money is formatted for the language from minor units', () => {
    expect(formatMoney(112900, 'EUR', 'en')).toBe('€1,129.00')
    expect(formatMoney(112900, 'EUR', 'ru').replace(/\s/g, ' ')).toBe('1 129,00 €')
    expect(formatMoney(5000, 'JPY', 'en')).toBe('¥5,000')
  })

  test('an unknown template is refused at queueing time and nothing is queued', async () => {
    const mailJobs = async () => (await server.payload.count({ collection: 'payload-jobs', where: { taskSlug: { equals: 'sendEmail' } }, overrideAccess: true })).totalDocs
    const before = await mailJobs()
    await queueEmail(server.payload, { template: 'no-such-template', to: 'x@example.test', lang: 'en', context: {} })
    expect(await mailJobs()).toBe(before)
  })
})

describe('the auth e-mails Payload triggers', () => {
  test('registration queues the verification mail (HTML and text, user language); its link verifies the account', async () => {
    const email = `reg-${Date.now()}@example.test`
    const res = await server.api('POST', '/api/users', { body: { email, password: 'a-long-password-1', name: 'Ирина', phone: '+7 912 345-67-89', language: 'ru', privacyAccepted: true } })
    expect(res.status).toBe(201)
    const mail = await smtp.waitFor((m) => recipientOf(m) === email)
    expectWellFormed(mail, email, 'ru')
    const link = linkIn(mail, `${server.url}/verify?token=`)
    const token = new URL(link).searchParams.get('token')!
    const verified = await server.api('POST', `/api/users/verify/${token}`)
    expect(verified.status).toBe(200)
    await login(server.api, email, 'a-long-password-1')
  })

  test('forgot password sends the reset mail with a text part; its token sets a new password', async () => {
    const user = await createUser(server.payload, 'customer', { language: 'en' })
    const res = await server.api('POST', '/api/users/forgot-password', { body: { email: user.email } })
    expect(res.status).toBe(200)
    const mail = await smtp.waitFor((m) => recipientOf(m) === user.email)
    expectWellFormed(mail, user.email, 'en')
    const link = linkIn(mail, `${server.url}/reset-password?token=`)
    const token = new URL(link).searchParams.get('token')!
    const reset = await server.api('POST', '/api/users/reset-password', { body: { token, password: 'a-brand-new-password' } })
    expect(reset.status).toBe(200)
    await login(server.api, user.email, 'a-brand-new-password')
  })
})

describe('a broken mail server', () => {
  test('forgot password answers as for any address (no account enumeration); registration still succeeds and its mail follows once the server is back', async () => {
    const user = await createUser(server.payload, 'customer')
    smtp.failWith = { code: 421, message: 'Service not available' }
    try {
      // A 503 here only for addresses with an account would tell who has one (src/server/forgot-password.ts).
      const forgot = await server.api('POST', '/api/users/forgot-password', { body: { email: user.email } })
      const unknown = await server.api('POST', '/api/users/forgot-password', { body: { email: `nobody-${Date.now()}@example.test` } })
      expect([forgot.status, forgot.body]).toEqual([unknown.status, unknown.body])

      const email = `outage-${Date.now()}@example.test`
      const reg = await server.api('POST', '/api/users', { body: { email, password: 'a-long-password-1', name: 'Olga', phone: '+49 30 1234567', privacyAccepted: true } })
      expect(reg.status).toBe(201)
      await new Promise((r) => setTimeout(r, 300)) // the first attempt fails while the server refuses
      smtp.failWith = null
      const mail = await smtp.waitFor((m) => recipientOf(m) === email, 10_000)
      expect(mail.subject).toMatch(/Confirm your e-mail/)
    } finally {
      smtp.failWith = null
    }
  })

  test('a mail that keeps failing is retried, then stays as a failed job that admins and managers see, customers do not', async () => {
    smtp.failWith = { code: 451, message: 'Temporary local problem' }
    const to = `never-${Date.now()}@example.test`
    try {
      await queueEmail(server.payload, { template: 'payment-received', to, lang: 'en', context: contexts(to)['payment-received'] })
      const deadline = Date.now() + 10_000
      let failed: { hasError?: boolean; totalTried?: number; error?: unknown } | undefined
      while (Date.now() < deadline) {
        const { docs } = await server.payload.find({ collection: 'payload-jobs', where: { 'input.to': { equals: to } }, overrideAccess: true })
        failed = (docs as typeof failed[]).find((d) => d?.hasError)
        if (failed) break
        await new Promise((r) => setTimeout(r, 100))
      }
      expect(failed?.hasError).toBe(true)
      expect(failed?.totalTried).toBeGreaterThanOrEqual(3)
      expect(JSON.stringify(failed?.error)).toMatch(/451|not sent/)
    } finally {
      smtp.failWith = null
    }
    const manager = await createUser(server.payload, 'manager')
    const customer = await createUser(server.payload, 'customer')
    const seen = await server.api('GET', '/api/payload-jobs?where[hasError][equals]=true&limit=100', { token: await login(server.api, manager.email, TEST_PASSWORD) })
    expect(seen.status).toBe(200)
    expect(seen.text).toContain(to)
    const hidden = await server.api('GET', '/api/payload-jobs?limit=100', { token: await login(server.api, customer.email, TEST_PASSWORD) })
    expect(hidden.status).toBe(403)
    expect(hidden.text).not.toContain(to)
  })
})

describe('option-ending and option-ended: what each says, for each way the option was had', () => {
  const text = (name: string, context: Record<string, unknown>, lang: Lang) => renderTemplate(name, context, lang)

  test('days left in the subject, counted in each language', () => {
    expect(text('option-ending', { ...datedOption, source: 'trial', daysLeft: 7 }, 'en').subject).toBe('Your free trial of Torch height control ends in 7 days')
    expect(text('option-ending', { ...datedOption, source: 'trial', daysLeft: 1 }, 'en').subject).toBe('Your free trial of Torch height control ends in 1 day')
    expect(text('option-ending', { ...datedOption, source: 'rental', daysLeft: 7 }, 'ru').subject).toBe('Аренда «Torch height control» закончится через 7 дней')
    expect(text('option-ending', { ...datedOption, source: 'rental', daysLeft: 1 }, 'ru').subject).toBe('Аренда «Torch height control» закончится через 1 день')
    expect(text('option-ending', { ...datedOption, source: 'grant', daysLeft: 3 }, 'ru').subject).toBe('Опция «Torch height control» на контроллере 700123 закончится через 3 дня')
    expect(text('option-ended', { ...datedOption, source: 'grant' }, 'en').subject).toBe('Torch height control on controller 700123 has ended')
  })

  test('a rental: one click renews it for the period rented; once ended, rents it again', () => {
    const ending = text('option-ending', { ...datedOption, source: 'rental', renewMonths: 1, daysLeft: 7 }, 'en').text
    expect(ending).toContain('Renew for 1 month: http://')
    expect(ending).toContain('/account/controllers/7/buy?option=THC&months=1')
    expect(ending).toMatch(/starts when the current one ends/)
    const ended = text('option-ended', { ...datedOption, source: 'rental', renewMonths: 3 }, 'ru').text
    expect(ended).toContain('Арендовать снова на 3 месяца: http://')
    expect(ended).toContain('/account/controllers/7/buy?option=THC&months=3')
  })

  test('a trial or grant: the buy page for the option, saying what it offers; no longer offered: the controller page', () => {
    const trial = text('option-ending', { ...datedOption, source: 'trial', daysLeft: 1 }, 'en').text
    expect(trial).toContain('Buy or rent THC: http://')
    expect(trial).toMatch(/\/account\/controllers\/7\/buy\?option=THC\s/)
    expect(text('option-ended', { ...datedOption, source: 'grant', canRent: false }, 'en').text).toContain('Buy THC: http://')
    expect(text('option-ended', { ...datedOption, source: 'trial', canBuy: false }, 'ru').text).toContain('Арендовать THC: http://')
    // A rental whose option is no longer rented out: the buy page, not a renewal.
    expect(text('option-ending', { ...datedOption, source: 'rental', renewMonths: 1, canRent: false, daysLeft: 2 }, 'en').text).toContain('Buy THC: http://')
    const gone = text('option-ended', { ...datedOption, source: 'trial', canBuy: false, canRent: false }, 'en')
    expect(gone.text).toContain('no longer offered')
    expect(gone.text).toMatch(/Open the controller: http:\/\/\S+\/account\/controllers\/7\n/)
    expect(gone.text).not.toContain('/buy')
  })

  test('names and codes are escaped in the HTML part', () => {
    const mail = text('option-ending', { ...datedOption, optionName: '<b>THC</b> & co', source: 'trial', daysLeft: 2 }, 'en')
    expect(mail.html).toContain('&lt;b&gt;THC&lt;/b&gt; &amp; co')
    expect(mail.html).not.toContain('<b>THC</b>')
  })
})

test('html-to-text keeps lines and link addresses', () => {
  const text = htmlToText('<html><head><title>x</title></head><body><h1>Title</h1><p>Hello &amp; welcome,</p><p><a href="https://e.x/a?b=1&amp;c=2">Open</a></p><ul><li>one</li><li>two</li></ul></body></html>')
  expect(text).toBe('Title\n\nHello & welcome,\n\nOpen: https://e.x/a?b=1&c=2\n\n- one\n- two\n')
})
