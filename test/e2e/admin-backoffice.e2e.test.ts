/**
 * The back office in a real browser, as a manager: the dashboard, marking a bill paid, transferring a
 * controller, and a CSV import that is refused for one bad row (nothing imported) and then succeeds.
 */
import crypto from 'node:crypto'
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import type { Browser, Page } from 'playwright-core'

import { login } from '../support/http'
import { launchBrowser, screenshot } from './support/browser'
import { adminLogin, DEMO_PASSWORD, startApp, waitFor, type RunningApp } from './support/admin-app'

const SUITE = 'admin-backoffice'
let app: RunningApp
let browser: Browser
let page: Page
let token: string

beforeAll(async () => {
  app = await startApp()
  browser = await launchBrowser()
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' })
  page = await context.newPage()
  page.setDefaultTimeout(20_000)
  token = await login(app.api, 'manager@pumotix.local', DEMO_PASSWORD)
  await adminLogin(page, app.url, 'manager@pumotix.local')
}, 900_000)

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

const get = async (path: string) => (await app.api('GET', path, { token })).body

test('the dashboard shows what needs attention, linking to the filtered lists', async () => {
  await page.goto(`${app.url}/admin`)
  const unpaid = page.getByTestId('dashboard-unpaid')
  await unpaid.waitFor()
  const expected = (await get('/api/orders?where[status][equals]=awaiting_payment&limit=0')).totalDocs
  expect(await unpaid.innerText()).toContain(String(expected))
  expect(await unpaid.getAttribute('href')).toContain('where[status][equals]=awaiting_payment')
  await screenshot(page, SUITE, 'dashboard')
})

test('a manager marks a bill paid with the payment reference', async () => {
  const order = (await get('/api/orders?where[status][equals]=awaiting_payment&sort=createdAt&limit=1')).docs[0]
  await page.goto(`${app.url}/admin/collections/orders/${order.id}`)
  const actions = page.getByTestId('order-actions')
  await actions.getByRole('button', { name: 'Mark as paid' }).click()
  await page.fill('#order-action-input', 'BANK-E2E-4711')
  await screenshot(page, SUITE, 'mark-paid')
  await actions.getByRole('button', { name: 'Confirm: mark as paid' }).click()
  expect(await waitFor(async () => (await get(`/api/orders/${order.id}`)).status, (v) => v === 'paid')).toBe('paid')
  await page.getByTestId('order-actions').getByRole('button', { name: 'Refund' }).waitFor()
  const stored = await get(`/api/orders/${order.id}?depth=1`)
  expect(stored.paymentReference).toBe('BANK-E2E-4711')
  expect(stored.paidBy.email).toBe('manager@pumotix.local')
  await screenshot(page, SUITE, 'paid')
})

test('a manager transfers a controller to another account', async () => {
  const controller = (await get('/api/controllers?where[serial][equals]=200417&depth=0')).docs[0]
  expect(controller.ownerEmail).toBe('customer2@pumotix.local')
  await page.goto(`${app.url}/admin/collections/controllers/${controller.id}`)
  const actions = page.getByTestId('controller-actions')
  await actions.getByRole('button', { name: 'Transfer to another account' }).click()
  await page.fill('#transfer-email', 'customer@pumotix.local')
  await page.fill('#controller-reason', 'Machine sold to John Miller')
  await screenshot(page, SUITE, 'transfer')
  await actions.getByRole('button', { name: 'Confirm transfer' }).click()
  expect(await waitFor(async () => (await get(`/api/controllers/${controller.id}`)).ownerEmail, (v) => v === 'customer@pumotix.local')).toBe('customer@pumotix.local')
  await page.getByTestId('controller-licenses').waitFor()
  const audit = await get(`/api/audit-events?where[action][equals]=controller.transferred&where[subjectId][equals]=${controller.id}`)
  expect(audit.docs[0].summary).toContain('Machine sold to John Miller')
  await screenshot(page, SUITE, 'transferred')
})

test('a CSV with one bad row imports nothing and says why; the corrected CSV imports every row', async () => {
  const before = (await get('/api/controllers?limit=0')).totalDocs
  const serials = [String(900000 + crypto.randomInt(90000)), String(990000 + crypto.randomInt(9000))]
  const good = (i: number) => `${serials[i]},3,PUMOTIX NC-300,${crypto.randomBytes(16).toString('hex')},BASIC_IO`
  await page.goto(`${app.url}/admin/collections/controllers`)
  await page.getByRole('button', { name: 'Import controllers from CSV' }).click()
  const panel = page.getByTestId('import-controllers')
  await panel.locator('textarea[name="import-csv"]').fill(['serial,model id,model,hardware id,factory options', good(0), `${serials[1]},3,PUMOTIX NC-300,not-a-hardware-id,BASIC_IO`].join('\n'))
  await panel.getByRole('button', { name: 'Import' }).click()
  await panel.getByTestId('import-errors').waitFor()
  expect(await panel.innerText()).toMatch(/Hardware id "not-a-hardware-id"/)
  await screenshot(page, SUITE, 'import-refused')
  expect((await get('/api/controllers?limit=0')).totalDocs).toBe(before)

  await panel.locator('textarea[name="import-csv"]').fill([good(0), good(1)].join('\n'))
  await panel.getByRole('button', { name: 'Preview' }).click()
  await panel.getByText('2 rows ready to import.').waitFor()
  await panel.getByRole('button', { name: 'Import' }).click()
  await panel.getByTestId('import-done').waitFor()
  expect(await panel.getByTestId('import-done').innerText()).toContain('Imported 2 controllers')
  expect((await get('/api/controllers?limit=0')).totalDocs).toBe(before + 2)
  await screenshot(page, SUITE, 'import-done')
})
