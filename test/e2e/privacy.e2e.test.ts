/**
 * The profile's data buttons in a real browser: Download my data saves the ZIP; Close my account asks
 * first, says a link was sent, and the link's page closes the account only when its button is pressed.
 * In the admin, a manager sees a pending request on the dashboard and carries it out from the user's page.
 */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import type { Browser } from 'playwright-core'

import { login } from '../support/http'
import { adminLogin, waitFor } from './support/admin-app'
import { launchBrowser, linkIn, mailTo, portalLogin, screenshot } from './support/browser'
import { startApp, type RunningApp } from './support/app'

const SUITE = 'privacy'
const EMAIL = 'customer@pumotix.local'
const PASSWORD = 'pumotix-demo'
let app: RunningApp
let browser: Browser

beforeAll(async () => {
  app = await startApp({ env: { RATE_LIMIT_LOGIN: '500' } })
  browser = await launchBrowser()
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

test('download my data, then close the account through the e-mailed link', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', acceptDownloads: true })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  await portalLogin(page, app.url, EMAIL, PASSWORD)
  await page.goto(`${app.url}/account/profile`)
  await page.getByRole('heading', { name: 'Your data' }).waitFor()

  // Download my data: the browser saves the archive under the server's name.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download my data' }).click()])
  expect(download.suggestedFilename()).toMatch(/^pumotix-account-\d+-\d{4}-\d{2}-\d{2}\.zip$/)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-e2e-export-'))
  const file = path.join(dir, download.suggestedFilename())
  await download.saveAs(file)
  expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toMatch(/No errors detected/)
  expect(execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' })).toMatch(/^licenses\/PMX-\d+-1\.lic$/m)
  fs.rmSync(dir, { recursive: true, force: true })
  await page.getByText(`Your archive ${download.suggestedFilename()} has been downloaded.`).waitFor()

  // Close my account asks first; Cancel sends nothing.
  const mailsBefore = app.smtp!.messages.length
  await page.getByRole('button', { name: 'Close my account' }).click()
  const dialog = page.getByRole('dialog', { name: 'Close your account?' })
  await dialog.getByText(`We will send a confirmation link to ${EMAIL}.`, { exact: false }).waitFor()
  await screenshot(page, SUITE, 'close-confirm')
  await dialog.getByRole('button', { name: 'Cancel' }).click()
  await dialog.waitFor({ state: 'hidden' })
  await page.getByRole('button', { name: 'Close my account' }).click()
  await dialog.getByRole('button', { name: 'Send the confirmation link' }).click()
  await page.getByText(`A confirmation link is on its way to ${EMAIL}.`, { exact: false }).waitFor()
  await screenshot(page, SUITE, 'close-link-sent')
  const mail = await app.smtp!.waitFor((m) => mailTo(m).includes(EMAIL) && m.subject === 'Confirm closing your PUMOTIX account', 60_000)
  expect(app.smtp!.messages.indexOf(mail)).toBeGreaterThanOrEqual(mailsBefore)

  // The profile says a request is pending; nothing is closed yet.
  await page.reload()
  await page.getByText(/You asked to close this account on .+\. Follow the link/).waitFor()
  expect((await app.api('POST', '/api/users/login', { body: { email: EMAIL, password: PASSWORD } })).status).toBe(200)

  // The link's page closes only when its button is pressed.
  await page.goto(linkIn(mail.text, '/close-account?token='))
  await page.getByRole('heading', { name: 'Closing your account' }).waitFor()
  expect((await app.api('POST', '/api/users/login', { body: { email: EMAIL, password: PASSWORD } })).status).toBe(200)
  await page.getByRole('button', { name: 'Close my account now' }).click()
  await page.getByText('Your account is closed.', { exact: false }).waitFor()

  // Logged out here, and for good.
  await page.getByRole('banner').getByRole('link', { name: 'Login' }).waitFor()
  await screenshot(page, SUITE, 'closed')
  await page.goto(`${app.url}/account/profile`)
  await page.waitForURL(/\/login/)
  expect((await app.api('POST', '/api/users/login', { body: { email: EMAIL, password: PASSWORD } })).status).toBe(401)
  await context.close()
})

test('a manager sees a pending closure request on the dashboard and carries it out from the user’s page', async () => {
  const customer = await login(app.api, 'customer2@pumotix.local', PASSWORD)
  const me = (await app.api('GET', '/api/users/me', { token: customer })).body.user
  expect((await app.api('POST', '/api/users/request-closure', { token: customer })).status).toBe(200)

  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, locale: 'en-GB' })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  await adminLogin(page, app.url, 'manager@pumotix.local')
  const card = page.getByTestId('dashboard-closures')
  await card.waitFor()
  expect(await card.innerText()).toMatch(/Account closure requests\s+1/)
  await card.click()
  await page.waitForURL(/collections\/users\?/)
  await page.getByRole('link', { name: 'customer2@pumotix.local' }).click()
  const panel = page.getByTestId('account-closure')
  await panel.getByText(/The person asked to close this account on \d{4}-\d{2}-\d{2} \d{2}:\d{2} UTC/).waitFor()
  await panel.getByRole('button', { name: 'Close account…' }).click()
  await screenshot(page, SUITE, 'admin-close')
  await panel.getByRole('button', { name: 'Close the account now' }).click()
  await page.getByTestId('account-closure').getByText(/^Closed on .* at the person's request/).waitFor()
  await screenshot(page, SUITE, 'admin-closed')

  const manager = await login(app.api, 'manager@pumotix.local', PASSWORD)
  const closed = await waitFor(async () => (await app.api('GET', `/api/users/${me.id}`, { token: manager })).body, (u) => Boolean(u.closedAt))
  expect(closed).toMatchObject({ email: `closed-${me.id}@invalid`, name: 'Closed account' })
  expect((await app.api('POST', '/api/users/login', { body: { email: 'customer2@pumotix.local', password: PASSWORD } })).status).toBe(401)
  await context.close()
})
