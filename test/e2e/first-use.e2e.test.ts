/**
 * Trying the product as a new user would, on the local default (SERVER_URL unset): the portal opened
 * at http://127.0.0.1:PORT works like http://localhost:PORT (log in, Add → Controller); a page opened
 * at an address the server does not serve says which address to open instead of "session ended";
 * a login form on an account locked by failed logins says when to try again; Place order says the
 * order is being placed, then that it opens the bill, and a double click places one order.
 */
import { execFile } from 'node:child_process'
import path from 'node:path'
import { promisify } from 'node:util'

import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { Browser, BrowserContext, Page, Route } from 'playwright-core'

import { launchBrowser, portalLogin, screenshot } from './support/browser'
import { startApp, type RunningApp } from './support/app'

const run = promisify(execFile)
const SUITE = 'first-use'
const DEVICE = path.join(process.cwd(), 'bin', 'pumotix-device.mjs')
/** The seed's unclaimed NC-300 and 5-axis controllers. */
const UNCLAIMED = { model: 3, serial: '100502', hardwareId: '0a9b8c7d6e5f40312a3b4c5d6e7f8091' }
const UNCLAIMED_5AXIS = { model: 5, serial: '100503', hardwareId: '1b2c3d4e5f60718293a4b5c6d7e8f902' }

let app: RunningApp
let browser: Browser

async function requestCode(c: { model: number; serial: string; hardwareId: string }): Promise<string> {
  const { stdout } = await run(process.execPath, [DEVICE, 'request-code', '--model', String(c.model), '--serial', c.serial, '--hardware-id', c.hardwareId])
  return stdout.trim()
}

beforeAll(async () => {
  app = await startApp({ env: { SERVER_URL: '' } })
  browser = await launchBrowser()
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  return { context, page }
}

async function addController(page: Page, code: string) {
  await page.getByRole('button', { name: /Add/ }).click()
  await page.getByRole('menuitem', { name: 'Controller' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add a controller' })
  await dialog.getByLabel('License request code').fill(code)
  await dialog.getByRole('button', { name: 'Add controller' }).click()
  return dialog
}

describe('the address the portal is opened at', () => {
  test('at http://127.0.0.1:PORT a customer logs in and adds a controller', async () => {
    const at = `http://127.0.0.1:${app.port}`
    const { context, page } = await newPage()
    try {
      await portalLogin(page, at, 'customer@pumotix.local', 'pumotix-demo')
      await page.goto(`${at}/account/controllers`)
      await addController(page, await requestCode(UNCLAIMED))
      const congrats = page.getByRole('dialog', { name: 'Congratulations!' })
      await congrats.getByText('Controller PUMOTIX NC-300 (3-axis mill), serial number 100502, is now in your account.').waitFor()
      await screenshot(page, SUITE, 'added-at-127.0.0.1')
      expect(await page.getByText('Your session has ended.').count()).toBe(0)
      await congrats.getByRole('button', { name: 'Close' }).first().click()
      await page.locator('tr', { hasText: '100502' }).waitFor()
    } finally {
      await context.close()
    }
  })

  test('at an address the server does not serve, the login and an action with a session say which address to open', async () => {
    // 127.0.0.2 reaches this machine too, but it is not one of the loopback spellings of localhost:PORT.
    const at = `http://127.0.0.2:${app.port}`
    const message = `This page was opened at an address the server does not serve: open http://localhost:${app.port} and try again.`
    const { context, page } = await newPage()
    try {
      await page.goto(`${at}/login`)
      await page.getByLabel('E-mail', { exact: true }).fill('customer2@pumotix.local')
      await page.getByLabel('Password', { exact: true }).fill('pumotix-demo')
      await page.getByRole('button', { name: 'Log in' }).click()
      await page.getByRole('alert').getByText(message).waitFor()
      await screenshot(page, SUITE, 'login-at-a-foreign-address')

      // A session cookie for that address (as an older login there would have left) and Add controller.
      const login = await app.api('POST', '/api/users/login', { body: { email: 'customer@pumotix.local', password: 'pumotix-demo' } })
      expect(login.status).toBe(200)
      await context.addCookies([{ name: 'payload-token', value: login.body.token, url: at }])
      await page.goto(`${at}/account/controllers`)
      const dialog = await addController(page, await requestCode(UNCLAIMED_5AXIS))
      await dialog.getByRole('alert').getByText(message).waitFor()
      expect(await page.getByText('Your session has ended.').count()).toBe(0)
      expect(await dialog.getByLabel('License request code').getAttribute('aria-invalid')).toBeNull() // the code is fine
      await screenshot(page, SUITE, 'add-at-a-foreign-address')
      const admin = await app.api('POST', '/api/users/login', { body: { email: 'admin@pumotix.local', password: 'pumotix-demo' } })
      const c = await app.api('GET', `/api/controllers?where[serial][equals]=${UNCLAIMED_5AXIS.serial}&depth=0`, { token: admin.body.token })
      expect(c.body.docs).toHaveLength(1)
      expect(c.body.docs[0].owner ?? null).toBeNull()
    } catch (err) {
      await screenshot(page, SUITE, 'FAILED-foreign-address').catch(() => undefined)
      throw err
    } finally {
      await context.close()
    }
  })
})

describe('limits on logging in', () => {
  test('an account locked by failed logins: the login form says so and when to try again', async () => {
    // Five wrong passwords for one address from one client (RATE_LIMIT_LOGIN_ACCOUNT) make that client
    // wait; the owner elsewhere is not affected (test/accounts/enumeration.test.ts). They are sent from
    // the page itself, so they come from the browser's own address. The editor is not used elsewhere here.
    const { context, page } = await newPage()
    try {
      await page.goto(`${app.url}/login`)
      for (let i = 0; i < 5; i++) {
        const status = await page.evaluate(async () => {
          const res = await fetch('/api/users/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: 'editor@pumotix.local', password: 'wrong-password' }) })
          return res.status
        })
        expect(status).toBe(401)
      }
      await page.getByLabel('E-mail', { exact: true }).fill('editor@pumotix.local')
      await page.getByLabel('Password', { exact: true }).fill('pumotix-demo')
      await page.getByRole('button', { name: 'Log in' }).click()
      await page.getByRole('alert').getByText(/^Too many failed logins for this account\. Try again in (1[0-5]|[1-9]) min, or reset your password\.$/).waitFor()
      await screenshot(page, SUITE, 'login-account-locked')
    } finally {
      await context.close()
    }
  })
})

/** A request held by the test until it calls release(): each step of a transition can be looked at. */
function gate() {
  let release!: () => void
  const opened = new Promise<void>((resolve) => (release = resolve))
  const seen: string[] = []
  const hold = async (route: Route) => {
    seen.push(`${route.request().method()} ${new URL(route.request().url()).pathname}`)
    await opened
    await route.continue()
  }
  return { release, seen, hold }
}

describe('Place order', () => {
  let adminToken: string
  let controllerId: string | number
  const ordersOf = async () => (await app.api('GET', `/api/orders?where[controller][equals]=${controllerId}&limit=1&depth=0`, { token: adminToken })).body.totalDocs as number

  beforeAll(async () => {
    adminToken = (await app.api('POST', '/api/users/login', { body: { email: 'admin@pumotix.local', password: 'pumotix-demo' } })).body.token
    const found = await app.api('GET', '/api/controllers?where[serial][equals]=100231&depth=0', { token: adminToken })
    controllerId = found.body.docs[0].id
  })

  async function buyPage(): Promise<{ context: BrowserContext; page: Page }> {
    const opened = await newPage()
    await portalLogin(opened.page, app.url, 'customer@pumotix.local', 'pumotix-demo')
    await opened.page.goto(`${app.url}/account/controllers/${controllerId}/buy`)
    await opened.page.getByRole('heading', { name: 'Buy options for controller 100231' }).waitFor()
    return opened
  }

  test('says the order is being placed, then that the bill opens, and the bill shows the order number', async () => {
    const { context, page } = await buyPage()
    try {
      const before = await ordersOf()
      const order = gate()
      const bill = gate()
      await page.route((url) => url.pathname === '/api/orders', order.hold)
      await page.route((url) => /^\/account\/orders\/[^/]+$/.test(url.pathname), bill.hold)
      await page.getByLabel(/AXIS4/).check()
      const button = page.getByRole('button', { name: /Place order|Placing the order/ })
      await button.click()

      // 1. The order is on its way (held here): the form says so; nothing can be pressed or changed.
      const status = page.getByRole('status').filter({ hasText: /order/i })
      await status.getByText('Your order is being placed. The bill opens in a moment.').waitFor()
      expect(await button.textContent()).toContain('Placing the order…')
      expect(await button.isDisabled()).toBe(true)
      expect(await page.getByLabel(/AXIS4/).isDisabled()).toBe(true)
      expect(new URL(page.url()).pathname).toBe(`/account/controllers/${controllerId}/buy`)
      await screenshot(page, SUITE, 'placing-the-order')
      expect(order.seen).toEqual(['POST /api/orders'])
      order.release()

      // 2. Placed; the bill page is loading (held here): the form names the order and says the bill opens.
      await status.getByText(/^Order PMX-\d{4}-\d{6} is placed\. Opening the bill…$/).waitFor()
      const number = /PMX-\d{4}-\d{6}/.exec((await status.textContent()) ?? '')![0]
      expect(await ordersOf()).toBe(before + 1)
      expect(await button.isDisabled()).toBe(true)
      await screenshot(page, SUITE, 'opening-the-bill')
      bill.release()

      // 3. The bill, with the same number.
      await page.waitForURL(/\/account\/orders\/[^/?]+\?placed=1$/)
      await page.getByText('Your order has been placed.', { exact: false }).waitFor()
      expect((await page.locator('#bill-title').textContent())?.trim()).toBe(number)
      await screenshot(page, SUITE, 'bill-after-placing')
    } finally {
      await context.close()
    }
  })

  test('a double click (and another submit while the first is on its way) places exactly one order', async () => {
    const { context, page } = await buyPage()
    try {
      const before = await ordersOf()
      const order = gate()
      await page.route((url) => url.pathname === '/api/orders', order.hold)
      await page.getByLabel(/NETWORK/).check()
      await page.getByRole('button', { name: 'Place order' }).dblclick()
      await page.getByText('Your order is being placed. The bill opens in a moment.').waitFor()
      // A submit that does not go through the (now disabled) button, e.g. Enter pressed twice.
      await page.locator('form').filter({ has: page.getByLabel(/NETWORK/) }).evaluate((form: HTMLFormElement) => form.requestSubmit())
      order.release()
      await page.waitForURL(/\/account\/orders\/[^/?]+\?placed=1$/)
      await page.getByText('Your order has been placed.', { exact: false }).waitFor()
      expect(order.seen).toEqual(['POST /api/orders'])
      expect(await ordersOf()).toBe(before + 1)
      expect(await page.locator('.alert--error').count()).toBe(0) // no refusal of a second order was shown
    } finally {
      await context.close()
    }
  })
})
