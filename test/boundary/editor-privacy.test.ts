/**
 * Editors see how a news item's mailing went (how many deliveries, in which state) and never to whom:
 * no subscriber's address or account anywhere they can read — news deliveries (at any depth, by
 * filter or sort), users, jobs, news, locks. Staff still see the addresses.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { startBoundary, type Boundary } from '../support/boundary'
import { createNews, createSubscribers, drainJobs } from '../support/news-fixtures'
import { startSmtpCapture, type SmtpCapture } from '../support/smtp'

let b: Boundary
let smtp: SmtpCapture
let subscribers: { id: string | number; email: string }[]
let newsId: string | number
let rejectedAddress: string

beforeAll(async () => {
  smtp = await startSmtpCapture()
  b = await startBoundary({ SMTP_URL: smtp.url, JOBS_IN_PROCESS: 'false' })
  const p = b.server.payload
  subscribers = (await createSubscribers(p, 3)) as unknown as typeof subscribers
  const news = await createNews(p, { status: 'published', title: 'Privacy news' })
  newsId = news.id
  await drainJobs(p)
  // A delivery the mail server refused, with its answer quoting the address (as real servers do).
  const refused = (await createSubscribers(p, 1))[0] as unknown as { id: string | number; email: string }
  rejectedAddress = refused.email
  await p.db.create({ collection: 'news-deliveries', data: { key: `${newsId}:${refused.id}`, news: newsId, user: refused.id, email: refused.email, lang: 'en', status: 'rejected', attempts: 1, error: `550 5.1.1 <${refused.email}>: Recipient address rejected` } })
})
afterAll(async () => {
  await b?.server.close()
  await smtp?.stop()
})

const addresses = () => [...subscribers.map((s) => s.email), rejectedAddress]
const expectNoAddress = (text: string) => {
  for (const a of addresses()) expect(text).not.toContain(a)
}

describe('an editor', () => {
  test('sees the delivery counts of a news item', async () => {
    const all = await b.server.api('GET', `/api/news-deliveries?where[news][equals]=${newsId}&limit=100&depth=2`, { token: b.tokens.editor })
    expect(all.status).toBe(200)
    expect(all.body.totalDocs).toBe(4)
    expect(all.body.docs.map((d: { status: string }) => d.status).sort()).toEqual(['rejected', 'sent', 'sent', 'sent'])
    const sent = await b.server.api('GET', `/api/news-deliveries/count?where[news][equals]=${newsId}&where[status][equals]=sent`, { token: b.tokens.editor })
    expect(sent.body.totalDocs).toBe(3)
  })

  test('reads no subscriber address or account in any delivery, at any depth or locale', async () => {
    for (const query of ['?limit=100&depth=0', '?limit=100&depth=3', '?limit=100&locale=ru&depth=2', '?limit=100&depth=1&draft=true']) {
      const res = await b.server.api('GET', `/api/news-deliveries${query}`, { token: b.tokens.editor })
      expect(res.status).toBe(200)
      expectNoAddress(res.text)
      for (const doc of res.body.docs) {
        expect(doc.email).toBeUndefined()
        expect(doc.user).toBeUndefined()
        expect(doc.error).toBeUndefined()
      }
    }
    const one = (await b.server.api('GET', '/api/news-deliveries?limit=1', { token: b.tokens.editor })).body.docs[0]
    expectNoAddress((await b.server.api('GET', `/api/news-deliveries/${one.id}?depth=2`, { token: b.tokens.editor })).text)
    const asRead = await b.server.api('POST', '/api/news-deliveries', { token: b.tokens.editor, headers: { 'X-HTTP-Method-Override': 'GET', 'content-type': 'application/x-www-form-urlencoded' }, rawBody: 'limit=100&depth=2' })
    expectNoAddress(asRead.text)
  })

  test('cannot find an address out by filtering on it', async () => {
    const target = subscribers[0].email
    for (const query of [`where[email][equals]=${encodeURIComponent(target)}`, `where[email][like]=${encodeURIComponent(target.slice(0, 8))}`, `where[user.email][equals]=${encodeURIComponent(target)}`, `where[error][like]=550`, `where[user][equals]=${subscribers[0].id}`]) {
      const res = await b.server.api('GET', `/api/news-deliveries/count?${query}`, { token: b.tokens.editor })
      // Payload refuses a filter on a field the caller cannot read (400 QueryError naming the path).
      expect(res.status).toBe(400)
      expect(res.body.totalDocs).toBeUndefined()
    }
  })

  test('reads no subscriber in users, jobs, news or locks either', async () => {
    for (const path of ['/api/users?limit=100&depth=2', '/api/payload-jobs?limit=100', `/api/news/${newsId}?depth=3`, '/api/news?limit=100&depth=3&draft=true', '/api/payload-locked-documents?depth=2', '/api/payload-preferences?depth=2']) {
      const res = await b.server.api('GET', path, { token: b.tokens.editor })
      expect(res.status).toBeLessThan(500)
      expectNoAddress(res.text)
    }
  })
})

test('staff still see to whom each delivery went', async () => {
  const res = await b.server.api('GET', `/api/news-deliveries?where[news][equals]=${newsId}&limit=100`, { token: b.tokens.manager })
  expect(res.status).toBe(200)
  for (const a of addresses()) expect(res.text).toContain(a)
})
