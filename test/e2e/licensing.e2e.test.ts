/**
 * The help page's journey in a real browser: register, verify by the e-mailed link, log in, Add →
 * Controller with a request code from the device tool, Congratulations, open the controller, buy an
 * option, see it awaiting payment, staff mark the bill paid in /admin, switch the option on, Apply,
 * Download, and verify the file with the device tool. Also every error of the Add dialog and the orders.
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { Browser, BrowserContext, Page } from 'playwright-core'

import { launchBrowser, linkIn, mailTo, screenshot, portalLogin } from './support/browser'
import { startApp, type RunningApp } from './support/app'

const run = promisify(execFile)
const SUITE = 'licensing'
const DEVICE = path.join(process.cwd(), 'bin', 'pumotix-device.mjs')
/** The seed's unclaimed NC-300 and the controllers used for the error cases. */
const UNCLAIMED = { model: 3, serial: '100502', hardwareId: '0a9b8c7d6e5f40312a3b4c5d6e7f8091' }
const UNCLAIMED_5AXIS = { model: 5, serial: '100503', hardwareId: '1b2c3d4e5f60718293a4b5c6d7e8f902' }
const OWNED_BY_CUSTOMER2 = { model: 7, serial: '200417', hardwareId: 'c5e8a1d3f6b24097b8e2d4a6c0f1e395' }

let app: RunningApp
let browser: Browser
let tmp: string

async function requestCode(c: { model: number; serial: string; hardwareId: string }, extra: string[] = []): Promise<string> {
  const { stdout } = await run(process.execPath, [DEVICE, 'request-code', '--model', String(c.model), '--serial', c.serial, '--hardware-id', c.hardwareId, ...extra])
  return stdout.trim()
}

beforeAll(async () => {
  app = await startApp({ env: { RATE_LIMIT_LOGIN: '500', RATE_LIMIT_CLAIM: '500' } })
  browser = await launchBrowser()
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-e2e-dl-'))
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await app?.stop()
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
})

async function newPage(width = 1280): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width, height: 900 }, locale: 'en-GB', acceptDownloads: true })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  return { context, page }
}

const login = (page: Page, email: string, password: string) => portalLogin(page, app.url, email, password)

async function openAddDialog(page: Page) {
  await page.getByRole('button', { name: /Add/ }).click()
  await page.getByRole('menuitem', { name: 'Controller' }).click()
  await page.getByRole('dialog', { name: 'Add a controller' }).waitFor()
}

async function markPaidInAdmin(orderId: string | number, reference: string) {
  const { context, page } = await newPage()
  await page.goto(`${app.url}/admin/login`)
  await page.locator('#field-email').fill('manager@pumotix.local')
  await page.locator('#field-password').fill('pumotix-demo')
  await page.locator('button[type="submit"]').click()
  await page.waitForURL((u) => !u.pathname.startsWith('/admin/login'))
  await page.goto(`${app.url}/admin/collections/orders/${orderId}`)
  await page.locator('#field-status').waitFor()
  await screenshot(page, SUITE, 'admin-order-before')
  await page.locator('#field-status').click()
  await page.locator('.rs__option', { hasText: /^(Paid|Оплачен)$/ }).click()
  await page.locator('#field-paymentReference').fill(reference)
  await page.locator('#action-save').click()
  await page.locator('.payload-toast-container').getByText(/success|успешно/i).first().waitFor()
  await screenshot(page, SUITE, 'admin-order-paid')
  await context.close()
}

describe('the personal account journey of the help page', () => {
  test('register → verify → login → Add → Controller → buy → paid in admin → switch on → Apply → Download → verify', async () => {
    const { context, page } = await newPage()
    try {
      await journey(page)
    } catch (err) {
      await screenshot(page, SUITE, 'FAILED-journey').catch(() => undefined)
      throw err
    } finally {
      await context.close()
    }
  })
})

async function journey(page: Page) {
    const email = `journey-${Date.now()}@example.test`
    const password = 'journey-password-1'

    // Registration
    await page.goto(app.url)
    await page.getByRole('banner').getByRole('link', { name: 'Registration' }).click()
    await page.getByLabel('Name').fill('Jonas Journey')
    await page.getByLabel('E-mail', { exact: true }).fill(email)
    await page.getByLabel('Phone').fill('+49 30 9876543')
    await page.getByLabel('Password', { exact: true }).fill(password)
    await page.getByLabel('Repeat the password').fill(password)
    await page.getByLabel(/I have read and accept/).check()
    await screenshot(page, SUITE, 'register')
    await page.getByRole('button', { name: 'Register' }).click()
    await page.waitForURL(/\/register\/check-email/)

    // Verification link from the e-mail logs the customer in; then log out and log in again.
    const mail = await app.smtp!.waitFor((m) => mailTo(m).includes(email), 60_000)
    await page.goto(linkIn(mail.text, '/verify?token='))
    await page.getByText('Your e-mail address is confirmed and you are logged in.').waitFor()
    await page.getByRole('banner').getByText('Jonas').click()
    await page.getByRole('button', { name: 'Logout' }).click()
    await page.waitForURL(/\/login/)
    await login(page, email, password)
    await screenshot(page, SUITE, 'account-home-empty')

    // My controllers → Add → Controller with the code the device shows.
    await page.getByRole('navigation', { name: 'Account menu' }).getByRole('link', { name: 'My controllers' }).click()
    await page.waitForURL(`${app.url}/account/controllers`)
    await page.getByText('No controllers yet.', { exact: false }).waitFor()
    await openAddDialog(page)
    const dialog = page.getByRole('dialog', { name: 'Add a controller' })
    expect(await dialog.getByRole('link', { name: 'How do I get a license request code?' }).getAttribute('href')).toBe('/help/license-request-code')
    await dialog.getByLabel('License request code').fill(await requestCode(UNCLAIMED))
    await screenshot(page, SUITE, 'add-controller')
    await dialog.getByRole('button', { name: 'Add controller' }).click()
    const congrats = page.getByRole('dialog', { name: 'Congratulations!' })
    await congrats.getByText('Controller PUMOTIX NC-300 (3-axis mill), serial number 100502, is now in your account.').waitFor()
    await screenshot(page, SUITE, 'congratulations')
    await congrats.getByRole('button', { name: 'Close' }).first().click()
    // The table now lists it; a double-click on the row opens the controller.
    const row = page.locator('tr', { hasText: '100502' })
    await row.waitFor()
    expect(await row.textContent()).toContain('PUMOTIX NC-300')
    await screenshot(page, SUITE, 'my-controllers')
    await row.locator('td').nth(1).dblclick()
    await page.waitForURL(/\/account\/controllers\/[^/]+$/)
    const controllerUrl = page.url()
    await page.getByRole('heading', { name: 'Controller 100502' }).waitFor()
    await screenshot(page, SUITE, 'controller')

    // Buy an option → the bill.
    await page.getByRole('link', { name: 'Buy options' }).click()
    await page.getByRole('heading', { name: 'Buy options for controller 100502' }).waitFor()
    expect(await page.getByLabel(/AXIS5/).count()).toBe(0) // 5-axis options do not fit the NC-300
    expect(await page.getByLabel(/BASIC_IO/).count()).toBe(0) // factory option: not for sale
    await page.getByLabel(/THC/).check()
    await page.getByText('Total: €290.00').waitFor()
    await screenshot(page, SUITE, 'buy')
    await page.getByRole('button', { name: 'Place order' }).click()
    await page.waitForURL(/\/account\/orders\/[^/?]+\?placed=1/)
    const orderId = new URL(page.url()).pathname.split('/').pop() as string
    await page.getByText('Your order has been placed.', { exact: false }).waitFor()
    const number = (await page.locator('#bill-title').textContent())?.trim() as string
    expect(number).toMatch(/^PMX-\d{4}-\d{6}$/)
    expect(await page.locator('.bill__ref').textContent()).toBe(number)
    expect(await page.locator('.bill').textContent()).toContain('Awaiting payment')
    await screenshot(page, SUITE, 'bill')

    // Back on the controller: the option waits for payment, its switch is disabled, with a link to the bill.
    await page.goto(controllerUrl)
    const thc = page.getByRole('switch', { name: /THC/ })
    expect(await thc.isDisabled()).toBe(true)
    expect(await page.getByRole('link', { name: 'View the bill' }).getAttribute('href')).toBe(`/account/orders/${orderId}`)
    await screenshot(page, SUITE, 'awaiting-payment')

    // Staff record the payment in the admin UI.
    await markPaidInAdmin(orderId, `BANK-${number}`)

    // The option is available: switch it on, Apply, Download.
    await page.reload()
    await page.getByRole('heading', { name: 'Available (paid, switched off)' }).waitFor()
    const thcNow = page.getByRole('switch', { name: /THC/ })
    expect(await thcNow.isDisabled()).toBe(false)
    expect(await thcNow.getAttribute('aria-checked')).toBe('false')
    const navigations: string[] = []
    page.on('framenavigated', (f) => f === page.mainFrame() && navigations.push(f.url()))
    await thcNow.click()
    expect(await thcNow.getAttribute('aria-checked')).toBe('true')
    await page.getByText('You have unsaved changes.', { exact: false }).waitFor()
    expect(navigations).toEqual([]) // a switch is a draft change, no request and no reload
    await screenshot(page, SUITE, 'switched-on')
    expect(await page.getByRole('link', { name: 'How do I apply a license?' }).getAttribute('href')).toBe('/help/apply-license')
    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByText('License No. 1 is ready with: BASIC_IO, THC.', { exact: false }).waitFor()
    await screenshot(page, SUITE, 'applied')
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download', exact: true }).click()])
    expect(download.suggestedFilename()).toBe('PMX-100502-1.lic')
    const file = path.join(tmp, download.suggestedFilename())
    await download.saveAs(file)

    // The device tool accepts the file with the server's published keys.
    const verified = await run(process.execPath, [DEVICE, 'verify', file, '--keys', `${app.url}/api/license-keys`])
    expect(verified.stdout).toMatch(/License OK/)
    expect(verified.stdout).toMatch(/THC/)

    // History and state after the refresh.
    await page.getByRole('link', { name: 'Download license No. 1' }).waitFor()
    expect(await page.getByRole('link', { name: 'Download license No. 1' }).textContent()).toBe('PMX-100502-1.lic')
    expect(await page.getByRole('switch', { name: /THC/ }).getAttribute('aria-checked')).toBe('true')
    await page.getByRole('heading', { name: 'Active' }).waitFor()
    await screenshot(page, SUITE, 'history')

    // My orders shows the order as paid.
    await page.goto(`${app.url}/account/orders`)
    const orderRow = page.locator('tr', { hasText: number })
    expect(await orderRow.textContent()).toContain('Paid')
    await screenshot(page, SUITE, 'orders')
}

// BASIC_IO is a factory option that is not on sale: the owner still reads it (Options' read access).
test('factory options show as always on: switch on and disabled', async () => {
  const { context, page } = await newPage()
  await login(page, 'customer@pumotix.local', 'pumotix-demo')
  await page.goto(`${app.url}/account/controllers`)
  await page.getByRole('link', { name: 'Open controller 100231' }).click()
  await page.getByRole('heading', { name: 'Included with the controller' }).waitFor()
  for (const code of ['BASIC_IO', 'LOOKAHEAD']) {
    const sw = page.getByRole('switch', { name: new RegExp(code) })
    expect({ code, checked: await sw.getAttribute('aria-checked'), disabled: await sw.isDisabled() }).toEqual({ code, checked: 'true', disabled: true })
  }
  await context.close()
})

describe('the Add dialog explains each refusal', () => {
  let context: BrowserContext
  let page: Page
  beforeAll(async () => {
    ;({ context, page } = await newPage())
    await login(page, 'customer@pumotix.local', 'pumotix-demo')
    await page.goto(`${app.url}/account/controllers`)
  })
  afterAll(async () => {
    await context?.close()
  })

  const cases: Array<[string, () => Promise<string>, string]> = [
    ['a typo (400)', async () => (await requestCode(UNCLAIMED_5AXIS)).replace(/.$/, (ch) => (ch === '0' ? '1' : '0')), 'This is not a valid license request code.'],
    ['an unknown controller (404)', () => requestCode({ model: 3, serial: '999999', hardwareId: UNCLAIMED.hardwareId }), 'We could not find this controller'],
    ['a controller of another account (409)', () => requestCode(OWNED_BY_CUSTOMER2), 'This controller is registered to another account.'],
    ['a code of other hardware (422)', () => requestCode({ ...UNCLAIMED_5AXIS, hardwareId: 'ffffffffffffffffffffffffffffffff' }), 'The code does not fit this controller or is out of date.'],
    ['a stale code (422)', () => requestCode(UNCLAIMED_5AXIS, ['--time', String(Math.floor(Date.now() / 1000) - 45 * 86400)]), 'The code does not fit this controller or is out of date.'],
  ]

  test.each(cases)('%s', async (label, code, message) => {
    await openAddDialog(page)
    const dialog = page.getByRole('dialog', { name: 'Add a controller' })
    await dialog.getByLabel('License request code').fill(await code())
    await dialog.getByRole('button', { name: 'Add controller' }).click()
    const alert = dialog.getByRole('alert')
    await alert.getByText(message, { exact: false }).waitFor()
    expect(await dialog.getByLabel('License request code').getAttribute('aria-invalid')).toBe('true')
    await screenshot(page, SUITE, `add-error-${label}`)
    await dialog.getByRole('button', { name: 'Cancel' }).click()
    expect(await page.locator('tr', { hasText: '100503' }).count()).toBe(0)
  })
})
