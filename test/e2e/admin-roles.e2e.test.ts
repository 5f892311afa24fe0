/** The admin navigation per role in a real browser: an editor sees news and media only; a manager the business. */
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import type { Browser } from 'playwright-core'

import { launchBrowser, screenshot } from './support/browser'
import { adminLogin, startApp, type RunningApp } from './support/admin-app'

const SUITE = 'admin-roles'
let app: RunningApp
let browser: Browser

beforeAll(async () => {
  app = await startApp({ smtp: false })
  browser = await launchBrowser()
}, 900_000)

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

const BUSINESS = ['users', 'controllers', 'orders', 'payments', 'licenses', 'options', 'audit-events']

async function navFor(email: string, shot: string) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  await adminLogin(page, app.url, email)
  await page.locator('nav a[href^="/admin/collections/"]').first().waitFor()
  const hrefs = await page.locator('nav a[href^="/admin/collections/"]').evaluateAll((as) => as.map((a) => a.getAttribute('href') ?? ''))
  await screenshot(page, SUITE, shot)
  return { page, context, slugs: [...new Set(hrefs.map((h) => h.replace('/admin/collections/', '').split(/[/?]/)[0]))] }
}

test('an editor sees only the content collections, and the licensing lists stay closed', async () => {
  const { page, context, slugs } = await navFor('editor@pumotix.local', 'editor-nav')
  expect(slugs).toEqual(expect.arrayContaining(['news', 'media']))
  for (const s of [...BUSINESS, 'signing-keys', 'payload-jobs']) expect(slugs).not.toContain(s)
  const res = await page.goto(`${app.url}/admin/collections/orders`)
  const body = await page.locator('body').innerText()
  expect(res?.status() === 404 || /unauthori[sz]ed|not found|not allowed/i.test(body)).toBe(true)
  expect(body).not.toMatch(/PMX-\d{4}-\d{6}/)
  await screenshot(page, SUITE, 'editor-orders-closed')
  await context.close()
})

test('a manager sees the licensing business but not signing keys or content', async () => {
  const { context, slugs } = await navFor('manager@pumotix.local', 'manager-nav')
  expect(slugs).toEqual(expect.arrayContaining(BUSINESS))
  for (const s of ['signing-keys', 'news', 'media']) expect(slugs).not.toContain(s)
  await context.close()
})

test('an admin also sees signing keys, with the Rotate button', async () => {
  const { page, context, slugs } = await navFor('admin@pumotix.local', 'admin-nav')
  expect(slugs).toEqual(expect.arrayContaining([...BUSINESS, 'signing-keys', 'news', 'media']))
  await page.goto(`${app.url}/admin/collections/signing-keys`)
  await page.getByTestId('rotate-signing-key').getByRole('button', { name: 'Rotate signing key…' }).click()
  await page.getByRole('button', { name: 'Yes, rotate now' }).waitFor()
  await screenshot(page, SUITE, 'rotate-confirm')
  await context.close()
})
