/**
 * The Content-Security-Policy without 'unsafe-inline' for scripts (src/server/security-headers.ts):
 * the production build behind the express server, in Chromium. Every page's inline scripts carry the
 * response's nonce, so the portal and the admin run with no CSP violation — logging in through each
 * form proves the pages hydrated. Also the one /api route Next.js still serves, the admin's Open
 * Graph image (src/app/(payload)/api/og/route.ts).
 */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import type { Browser, Page } from 'playwright-core'

import { adminLogin, DEMO_PASSWORD } from './support/admin-app'
import { startApp, type RunningApp } from './support/app'
import { launchBrowser, portalLogin } from './support/browser'

let app: RunningApp
let browser: Browser

beforeAll(async () => {
  app = await startApp({ smtp: false })
  browser = await launchBrowser()
}, 600_000) // a first build of the app takes minutes on a busy 2-core machine
afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

/**
 * A page that records every script the policy blocks (the browser's securitypolicyviolation events).
 * Other directives are not this test's subject: the admin's Gravatar avatars are blocked by img-src,
 * as they were before.
 */
async function watchedPage(): Promise<{ page: Page; violations: string[] }> {
  const page = await browser.newPage()
  const violations: string[] = []
  await page.exposeFunction('reportCspViolation', (directive: string, v: string) => {
    if (directive.startsWith('script-src')) violations.push(v)
  })
  await page.addInitScript(() => {
    document.addEventListener('securitypolicyviolation', (e) => {
      ;(window as unknown as { reportCspViolation: (d: string, v: string) => void }).reportCspViolation(e.effectiveDirective, `${location.pathname}: ${e.effectiveDirective} ${e.blockedURI} ${e.sample}`)
    })
  })
  return { page, violations }
}

test("pages send a script policy with a fresh nonce and no 'unsafe-inline', and their inline scripts carry it", async () => {
  const seen = new Set<string>()
  // A policy the client sends must not choose the nonce Next.js puts on the scripts.
  const chosen = { 'content-security-policy': "script-src 'nonce-AAAAAAAAAAAAAAAAAAAAAA=='" }
  for (const path of ['/', '/login', '/news', '/admin/login']) {
    const res = await fetch(`${app.url}${path}`, { headers: chosen })
    const csp = res.headers.get('content-security-policy') ?? ''
    const scriptSrc = csp.split(';').map((d) => d.trim()).find((d) => d.startsWith('script-src')) ?? ''
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(scriptSrc)?.[1]
    expect({ path, status: res.status, unsafeInline: scriptSrc.includes('unsafe-inline'), nonce: Boolean(nonce) }).toEqual({ path, status: 200, unsafeInline: false, nonce: true })
    const html = await res.text()
    const inline = [...html.matchAll(/<script(?![^>]*\ssrc=)([^>]*)>/g)].map((m) => m[1])
    expect(inline.length).toBeGreaterThan(0)
    expect({ path, withoutNonce: inline.filter((attrs) => !attrs.includes(`nonce="${nonce}"`)) }).toEqual({ path, withoutNonce: [] })
    seen.add(nonce as string)
  }
  expect(seen.size).toBe(4)
})

test('the portal runs under the policy: a customer logs in through the form and opens the news, no violation', async () => {
  const { page, violations } = await watchedPage()
  await portalLogin(page, app.url, 'customer@pumotix.local', DEMO_PASSWORD)
  await page.goto(`${app.url}/news`)
  await page.waitForLoadState('networkidle')
  expect(violations).toEqual([])
  await page.close()
})

test("the admin runs under the policy: an admin logs in and opens the users' list, no violation", async () => {
  const { page, violations } = await watchedPage()
  await adminLogin(page, app.url, 'admin@pumotix.local')
  await page.goto(`${app.url}/admin/collections/users`)
  await page.waitForLoadState('networkidle')
  await page.locator('table').first().waitFor({ timeout: 30_000 })
  expect(violations).toEqual([])
  await page.close()
})

test('Next.js serves nothing under /api, and the admin pages do not point at an Open Graph image there', async () => {
  const og = await fetch(`${app.url}/api/og?title=Users`)
  expect({ status: og.status, body: await og.json() }).toEqual({ status: 404, body: { message: 'Route not found "/api/og"' } })
  const graphql = await fetch(`${app.url}/api/graphql-playground`)
  expect(graphql.status).toBe(404)
  const adminLoginPage = await (await fetch(`${app.url}/admin/login`)).text()
  expect(adminLoginPage).toContain('<title>')
  expect(adminLoginPage).not.toContain('/api/og')
})
