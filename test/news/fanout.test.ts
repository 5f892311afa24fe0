import { afterAll, beforeAll, beforeEach, describe, expect, test } from '@jest/globals'
import type { ParsedMail } from 'mailparser'

import { startJobRunner } from '@/jobs/runner'
import { rawHeader } from '../support/mail-headers'
import { createNews, createSubscribers, drainJobs, pendingJobs } from '../support/news-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { startSmtpCapture, type SmtpCapture } from '../support/smtp'
import { createUser } from '../support/users'

let smtp: SmtpCapture
let server: TestServer

beforeAll(async () => {
  smtp = await startSmtpCapture()
  // The test drives the queue itself (JOBS_IN_PROCESS=false), so every step is deterministic.
  server = await startTestServer({ SMTP_URL: smtp.url, JOBS_IN_PROCESS: 'false', MAIL_RETRY_DELAY_MS: '50', NEWS_FANOUT_BATCH: '4' })
})
afterAll(async () => {
  await server?.close()
  await smtp?.stop()
})

const recipientsOf = (mails: ParsedMail[]) => mails.map((m) => (Array.isArray(m.to) ? m.to[0] : m.to)?.value[0]?.address ?? '')
const newsMails = (title?: string) => smtp.messages.filter((m) => rawHeader(m, 'list-unsubscribe') && (!title || m.subject?.includes(title)))

/** Everybody subscribed so far gets unsubscribed, so each test counts only its own subscribers. */
beforeEach(async () => {
  await server.payload.update({ collection: 'users', where: { newsSubscribed: { equals: true } }, data: { newsSubscribed: false } as never, overrideAccess: true })
})

describe('news fan-out', () => {
  test('publishing mails each subscribed, verified customer exactly once, in their language; nobody else', async () => {
    const subscribers = await createSubscribers(server.payload, 9)
    await createUser(server.payload, 'customer', { newsSubscribed: false })
    await createUser(server.payload, 'customer', { newsSubscribed: true, _verified: false })
    await createUser(server.payload, 'editor', { newsSubscribed: true })

    const news = await createNews(server.payload, { status: 'published', title: 'Fanout basic', ruTitle: 'Рассылка основная' })
    expect(smtp.messages.length).toBe(0) // nothing is sent inside the publishing request
    expect((await pendingJobs(server.payload, 'newsFanout')).length).toBe(1)
    await drainJobs(server.payload)

    const mails = newsMails()
    expect(recipientsOf(mails).sort()).toEqual(subscribers.map((u) => u.email).sort())
    for (const user of subscribers) {
      const mail = mails.find((m) => recipientsOf([m])[0] === user.email)!
      expect(mail.subject).toContain(user.language === 'ru' ? 'Рассылка основная' : 'Fanout basic')
      expect(rawHeader(mail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
      expect(mail.text).toContain(`/news/${news.slug}`)
    }
    const deliveries = await server.payload.count({ collection: 'news-deliveries', where: { news: { equals: news.id }, status: { equals: 'sent' } }, overrideAccess: true })
    expect(deliveries.totalDocs).toBe(9)
  })

  test('a draft saved and saved again sends nothing; editing or re-publishing a published item sends nothing more', async () => {
    await createSubscribers(server.payload, 3)
    const before = smtp.messages.length
    const draft = await createNews(server.payload, { status: 'draft', title: 'Only a draft', ruTitle: 'Только черновик' })
    await server.payload.update({ collection: 'news', id: draft.id, draft: true, overrideAccess: true, data: { title: 'Only a draft, edited' } as never })
    await drainJobs(server.payload)
    expect(smtp.messages.length).toBe(before)
    expect(await pendingJobs(server.payload, 'newsFanout')).toHaveLength(0)

    // Publish: 3 mails. Then edit, save a draft, unpublish and publish again: nothing more.
    await server.payload.update({ collection: 'news', id: draft.id, overrideAccess: true, data: { _status: 'published' } as never })
    await drainJobs(server.payload)
    expect(smtp.messages.length).toBe(before + 3)
    await server.payload.update({ collection: 'news', id: draft.id, overrideAccess: true, data: { title: 'Published and edited', _status: 'published' } as never })
    await server.payload.update({ collection: 'news', id: draft.id, overrideAccess: true, draft: true, data: { title: 'A later draft', _status: 'draft' } as never })
    await server.payload.update({ collection: 'news', id: draft.id, overrideAccess: true, data: { _status: 'draft' } as never })
    await server.payload.update({ collection: 'news', id: draft.id, overrideAccess: true, data: { _status: 'published' } as never })
    await drainJobs(server.payload)
    expect(smtp.messages.length).toBe(before + 3)
    const stored = await server.payload.findByID({ collection: 'news', id: draft.id, overrideAccess: true, locale: 'all' })
    expect((stored as unknown as { title: Record<string, string> }).title.en).toBe('A later draft') // publishing takes the latest draft
    expect((stored as unknown as { title: Record<string, string> }).title.ru).toBe('Только черновик') // the fan-out marker leaves the translations alone
  })

  test('a worker stopped halfway and a new one started deliver the rest, with no duplicates', async () => {
    const subscribers = await createSubscribers(server.payload, 10) // NEWS_FANOUT_BATCH=4: three pages
    const news = await createNews(server.payload, { status: 'published', title: 'Fanout restart' })
    const mine = () => smtp.messages.filter((m) => m.text?.includes(`/news/${news.slug}`))

    // Worker 1 runs one page, then it is stopped.
    await server.payload.jobs.run({ limit: 1, silent: true })
    expect(mine()).toHaveLength(4)

    // Worker 2 takes the next page and dies right after the mail server accepted its first message,
    // before recording it: the job stays "processing" and the recipient stays claimed ("sending").
    const [next] = await pendingJobs(server.payload, 'newsFanout')
    await server.payload.db.updateOne({ collection: 'payload-jobs', id: next.id, data: { processing: true, updatedAt: new Date(Date.now() - 3_600_000).toISOString() } })
    const fifth = subscribers[4]
    await server.payload.db.create({ collection: 'news-deliveries', data: { key: `${news.id}:${fifth.id}`, news: news.id, user: fifth.id, email: fifth.email, status: 'sending', attempts: 1 } })
    await server.payload.sendEmail({ to: fifth.email, subject: 'Fanout restart (sent by the dead worker)', text: `/news/${news.slug}`, headers: { 'List-Unsubscribe': '<x>' } })

    // A new runner hands the abandoned job back to the queue and finishes the fan-out.
    const stop = startJobRunner(server.payload, { intervalMs: 20, staleMs: 60_000 })
    try {
      await smtp.waitFor(() => mine().length >= 10, 20_000)
      await new Promise((r) => setTimeout(r, 300))
    } finally {
      await stop()
    }
    const counts = new Map<string, number>()
    for (const m of mine()) counts.set(recipientsOf([m])[0], (counts.get(recipientsOf([m])[0]) ?? 0) + 1)
    expect([...counts.keys()].sort()).toEqual(subscribers.map((u) => u.email).sort())
    expect([...counts.values()].every((c) => c === 1)).toBe(true)
    expect(await pendingJobs(server.payload, 'newsFanout')).toHaveLength(0)
  })

  test('a mail server outage during a fan-out fails the job, which is retried with backoff and mails everyone once', async () => {
    const subscribers = await createSubscribers(server.payload, 6)
    const news = await createNews(server.payload, { status: 'published', title: 'Fanout outage' })
    const mine = () => smtp.messages.filter((m) => m.text?.includes(`/news/${news.slug}`))
    smtp.failWith = { code: 421, message: 'Service not available, try again later' }
    await server.payload.jobs.run({ limit: 1, silent: true })
    smtp.failWith = null
    const [job] = await pendingJobs(server.payload, 'newsFanout')
    expect(job.totalTried).toBe(1)
    expect(JSON.stringify(job)).toMatch(/421|could not be sent/)
    const failed = await server.payload.count({ collection: 'news-deliveries', where: { news: { equals: news.id }, status: { equals: 'failed' } }, overrideAccess: true })
    expect(failed.totalDocs).toBeGreaterThan(0)

    await new Promise((r) => setTimeout(r, 200)) // MAIL_RETRY_DELAY_MS=50, exponential
    await drainJobs(server.payload)
    expect(recipientsOf(mine()).sort()).toEqual(subscribers.map((u) => u.email).sort())
  })

  test('a scheduled publication (Payload schedulePublish job) mails the subscribers too', async () => {
    const subscribers = await createSubscribers(server.payload, 2)
    const draft = await createNews(server.payload, { status: 'draft', title: 'Scheduled news' })
    await server.payload.jobs.queue({
      task: 'schedulePublish',
      input: { type: 'publish', doc: { relationTo: 'news', value: String(draft.id) } },
      waitUntil: new Date(Date.now() + 150),
    } as never)
    await drainJobs(server.payload)
    expect(smtp.messages.filter((m) => m.text?.includes(`/news/${draft.slug}`))).toHaveLength(0)
    await new Promise((r) => setTimeout(r, 250))
    await drainJobs(server.payload)
    const published = await server.payload.findByID({ collection: 'news', id: draft.id, overrideAccess: true })
    expect((published as unknown as { _status: string })._status).toBe('published')
    const mails = smtp.messages.filter((m) => m.text?.includes(`/news/${draft.slug}`))
    expect(recipientsOf(mails).sort()).toEqual(subscribers.map((u) => u.email).sort())
  })
})

describe('one-click unsubscribe', () => {
  test('the List-Unsubscribe POST unsubscribes without a login; the link in the text carries a valid token; forged tokens get 400', async () => {
    const [user] = await createSubscribers(server.payload, 1)
    const news = await createNews(server.payload, { status: 'published', title: 'Unsubscribe me' })
    await drainJobs(server.payload)
    const mail = smtp.messages.find((m) => m.text?.includes(`/news/${news.slug}`) && recipientsOf([m])[0] === user.email)!
    const header = rawHeader(mail, 'list-unsubscribe')!
    const url = header.replace(/^<|>$/g, '')
    expect(url).toMatch(/\/api\/users\/unsubscribe\?token=/)
    const pageLink = (mail.text ?? '').match(/https?:\/\/\S+\/unsubscribe\?token=\S+/)?.[0]
    expect(pageLink).toBeTruthy()
    expect(new URL(pageLink!).searchParams.get('token')).toBe(new URL(url).searchParams.get('token'))

    const path = url.slice(server.url.length)
    const get = await server.api('GET', path)
    expect(get.status).toBe(303)
    expect(get.headers.get('location')).toContain('/unsubscribe?token=')

    const forged = await server.api('POST', path.replace(/token=[^&]+/, 'token=MQ.forged'), { rawBody: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(forged.status).toBe(400)
    expect(forged.text).toMatch(/invalid/i)
    expect((await server.api('POST', '/api/users/unsubscribe')).status).toBe(400)

    const res = await server.api('POST', path, { rawBody: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(res.status).toBe(200)
    const stored = await server.payload.findByID({ collection: 'users', id: user.id, overrideAccess: true })
    expect((stored as unknown as { newsSubscribed: boolean }).newsSubscribed).toBe(false)

    // The portal page's form: a redirect back to the page.
    const form = await server.api('POST', path, { rawBody: 'from=page', headers: { 'content-type': 'application/x-www-form-urlencoded' } })
    expect(form.status).toBe(303)
    expect(form.headers.get('location')).toContain('/unsubscribe?done=1')
  })
})
