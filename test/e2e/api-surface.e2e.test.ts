/**
 * The production build behind the express server, seen from outside: what only the real Next.js
 * routes show (GraphQL, pages, the RSS feeds) and the headers every response carries.
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { startApp, type RunningApp } from './support/app'

let app: RunningApp
beforeAll(async () => {
  app = await startApp({ smtp: false })
})
afterAll(async () => {
  await app?.stop()
})

test('GraphQL is off, so its login mutation cannot get around the REST login rate limit', async () => {
  const res = await fetch(`${app.url}/api/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query: 'mutation { loginUser(email: "customer@pumotix.local", password: "pumotix-demo") { token } }' }),
  })
  const text = await res.text()
  expect(res.status).toBeGreaterThanOrEqual(400)
  expect(res.status).toBeLessThan(500)
  expect(text).not.toMatch(/"token"/)
})

test('pages carry the security headers; the news feeds are RSS 2.0 in each language', async () => {
  for (const path of ['/', '/login', '/news', '/admin/login']) {
    const res = await fetch(`${app.url}${path}`)
    expect({ path, status: res.status }).toEqual({ path, status: 200 })
    expect(res.headers.get('content-security-policy')).toMatch(/default-src 'self'/)
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('x-powered-by')).toBeNull()
  }
  const en = await (await fetch(`${app.url}/news/feed.xml`)).text()
  const ru = await (await fetch(`${app.url}/news/feed.xml?lang=ru`)).text()
  expect(en).toMatch(/<rss version="2.0"/)
  expect(en).toMatch(/<language>en-us<\/language>/)
  expect(ru).toMatch(/<language>ru-ru<\/language>/)
  expect((en.match(/<item>/g) ?? []).length).toBeGreaterThanOrEqual(6)
})
