import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { buildNewsFeed } from '@/news/rss'
import { getNewsBySlug, listNews } from '@/news/queries'
import { slugify } from '@/news/slugify'
import { login } from '../support/http'
import { createNews } from '../support/news-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

let server: TestServer
let published: { id: string | number; slug: string }
let draft: { id: string | number; slug: string }
let laterDraft: { id: string | number; slug: string }

beforeAll(async () => {
  server = await startTestServer({ JOBS_IN_PROCESS: 'false' })
  published = await createNews(server.payload, { status: 'published', title: 'Visible news', ruTitle: 'Видимая новость', category: 'firmware' })
  draft = await createNews(server.payload, { status: 'draft', title: 'Secret draft', ruTitle: 'Секретный черновик' })
  // A published item with a newer, unpublished draft: readers see the published text only.
  laterDraft = await createNews(server.payload, { status: 'published', title: 'Public text' })
  await server.payload.update({ collection: 'news', id: laterDraft.id, draft: true, overrideAccess: true, data: { title: 'Unpublished rewrite' } as never })
})
afterAll(async () => {
  await server?.close()
})

describe('drafts never leak', () => {
  test('anonymous REST reads see published news only, whatever they ask for', async () => {
    const list = await server.api('GET', '/api/news?limit=100')
    expect(list.status).toBe(200)
    const titles = list.body.docs.map((d: { title: string }) => d.title)
    expect(titles).toEqual(expect.arrayContaining(['Visible news', 'Public text']))
    expect(JSON.stringify(list.body)).not.toMatch(/Secret draft|Unpublished rewrite/)

    for (const path of [
      '/api/news?draft=true&limit=100',
      '/api/news?where[_status][equals]=draft',
      `/api/news?where[slug][equals]=${draft.slug}`,
      `/api/news/${laterDraft.id}?draft=true`,
      '/api/news?locale=ru&draft=true',
    ]) {
      const res = await server.api('GET', path)
      expect(res.text).not.toMatch(/Secret draft|Секретный|Unpublished rewrite/)
    }
    expect([403, 404]).toContain((await server.api('GET', `/api/news/${draft.id}`)).status)
    expect([401, 403]).toContain((await server.api('GET', '/api/news/versions')).status)
    const ru = await server.api('GET', `/api/news/${published.id}?locale=ru`)
    expect(ru.body.title).toBe('Видимая новость')
  })

  test('a customer sees published only; an editor sees drafts; only editors and admins write news', async () => {
    const customer = await createUser(server.payload, 'customer')
    const editor = await createUser(server.payload, 'editor')
    const manager = await createUser(server.payload, 'manager')
    const customerToken = await login(server.api, customer.email, TEST_PASSWORD)
    const editorToken = await login(server.api, editor.email, TEST_PASSWORD)
    const managerToken = await login(server.api, manager.email, TEST_PASSWORD)
    expect((await server.api('GET', '/api/news?draft=true&limit=100', { token: customerToken })).text).not.toMatch(/Secret draft/)
    expect((await server.api('GET', '/api/news?draft=true&limit=100', { token: editorToken })).text).toMatch(/Secret draft/)
    const body = { title: 'Написано редактором', category: 'news', _status: 'draft' }
    expect((await server.api('POST', '/api/news?locale=ru', { token: customerToken, body })).status).toBe(403)
    expect((await server.api('POST', '/api/news?locale=ru', { token: managerToken, body })).status).toBe(403)
    const created = await server.api('POST', '/api/news?locale=ru', { token: editorToken, body })
    expect(created.status).toBe(201)
    expect(created.body.doc.slug).toBe('napisano-redaktorom')
    expect(String(created.body.doc.author?.id ?? created.body.doc.author)).toBe(String(editor.id))
    const bad = await server.api('POST', '/api/news', { token: editorToken, body: { title: 'x', slug: '!!!', category: 'nonsense' } })
    expect(bad.status).toBe(400)
  })

  test('the page data functions and the feed show published items only', async () => {
    const page = await listNews(server.payload, { lang: 'en' })
    const titles = page.docs.map((d) => d.title)
    expect(titles).toEqual(expect.arrayContaining(['Visible news', 'Public text']))
    expect(titles.join()).not.toMatch(/Secret draft|Unpublished rewrite/)
    expect((await listNews(server.payload, { lang: 'en', category: 'firmware' })).docs.map((d) => d.title)).toEqual(['Visible news'])
    expect(await getNewsBySlug(server.payload, draft.slug, 'en')).toBeNull()
    expect((await getNewsBySlug(server.payload, laterDraft.slug, 'en'))?.title).toBe('Public text')
    // The preview is a draft view for editors only; anybody else still gets the published version.
    const customer = await createUser(server.payload, 'customer')
    expect(await getNewsBySlug(server.payload, draft.slug, 'en', { user: { ...customer, collection: 'users' } })).toBeNull()
    const editor = await createUser(server.payload, 'editor')
    expect((await getNewsBySlug(server.payload, laterDraft.slug, 'en', { user: { ...editor, collection: 'users' } }))?.title).toBe('Unpublished rewrite')

    const en = await buildNewsFeed(server.payload, 'en')
    expect(en).toMatch(/^<\?xml/)
    expect(en).toContain('<rss version="2.0"')
    expect(en).toContain('<title>Visible news</title>')
    expect(en).toContain(`/news/${published.slug}</link>`)
    expect(en).not.toMatch(/Secret draft|Unpublished rewrite/)
    const ru = await buildNewsFeed(server.payload, 'ru')
    expect(ru).toContain('<title>Видимая новость</title>')
    expect(ru).toContain('<language>ru-ru</language>')
    expect(ru).not.toMatch(/Секретный черновик/)
  })
})

test('slugs: Cyrillic is transliterated, punctuation collapses', () => {
  expect(slugify('Новая прошивка 2.4 для ЧПУ!')).toBe('novaya-proshivka-2-4-dlya-chpu')
  expect(slugify('  Hello, World — PUMOTIX  ')).toBe('hello-world-pumotix')
  expect(slugify('Щука и Ёж')).toBe('shchuka-i-yozh')
})
