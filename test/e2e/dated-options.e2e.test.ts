/**
 * Options with end dates in a real browser (issue #17). The demo customer adds a PMX2 controller whose
 * code says it enforces end dates, presses "Try free for 14 days", Applies and Downloads: the file
 * verifies through the published roots and carries the option's end date, and the page says until
 * when and how many days are left — in English, in Russian, and at 375 px. A PMX1 controller shows the
 * trial disabled with the reason; a second trial is refused with the server's reason. Staff set
 * firmware-updates cover, grant, extend and end options in the admin; the dashboard counts what ends
 * soon; the controller page then says a license is needed until Apply; ended options link to buying
 * them again; the buy page rents for a period chosen by its link (the reminder e-mail's renewal). A
 * firmware news item says what cover it needs.
 *
 * The catalogue's trials, rental periods and update plan are set here through the API as staff would
 * (the demo seed may offer them too; the values below win).
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import type { Controller } from '@payload-types'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { Browser, BrowserContext, Page } from 'playwright-core'

import { addDays, daysLeft } from '@/domain/dates'
import { formatDate } from '@/portal/format'
import { login } from '../support/http'
import { adminLogin, DEMO_PASSWORD, startApp, waitFor, type RunningApp } from './support/admin-app'
import { launchBrowser, portalLogin, screenshot } from './support/browser'

const run = promisify(execFile)
const SUITE = 'dated-options'
const DEVICE = path.join(process.cwd(), 'bin', 'pumotix-device.mjs')
/** The seed's unclaimed NC-500, whose newer software shows PMX2 codes and has a clock it trusts. */
const PMX2 = { model: 5, serial: '100503', hardwareId: '1b2c3d4e5f60718293a4b5c6d7e8f902' }
/** The demo customer's NC-300 with PMX1 software. */
const PMX1_SERIAL = '100231'
const CUSTOMER = 'customer@pumotix.local'

let app: RunningApp
let browser: Browser
let tmp: string
let admin: string
let controllerId: string | number

const api = async (method: string, url: string, body?: unknown) => {
  const res = await app.api(method, url, { token: admin, body })
  if (res.status >= 300) throw new Error(`${method} ${url}: ${res.status} ${res.text}`)
  return res.body
}
const controllerBySerial = async (serial: string): Promise<Controller> => (await api('GET', `/api/controllers?where[serial][equals]=${serial}&depth=1`)).docs[0]
const rowOf = (c: Controller, code: string) => (c.entitlements ?? []).find((e) => typeof e.option === 'object' && e.option.code === code)

/** Sets an option of the catalogue as staff would in the admin (or creates it). */
async function catalogue(code: string, data: Record<string, unknown>) {
  const found = (await api('GET', `/api/options?where[code][equals]=${code}&depth=0`)).docs[0]
  if (found) await api('PATCH', `/api/options/${found.id}`, data)
  else await api('POST', '/api/options', { code, ...data })
}

beforeAll(async () => {
  app = await startApp({ env: { RATE_LIMIT_LOGIN: '500', RATE_LIMIT_CLAIM: '500' } })
  browser = await launchBrowser()
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-e2e-dated-'))
  admin = await login(app.api, 'admin@pumotix.local', DEMO_PASSWORD)
  await catalogue('THC', { trialDays: 14 })
  await catalogue('NETWORK', { trialDays: 30 })
  await catalogue('AXIS4', { rentalPeriods: [{ months: 1, price: 4900 }, { months: 3, price: 12900 }, { months: 12, price: 39000 }] })
  await catalogue('UPDATES', { name: 'Firmware update plan', kind: 'updates', price: 0, currency: 'EUR', modelIds: [3, 5, 7], onSale: true, sellOutright: false, rentalPeriods: [{ months: 12, price: 9900 }, { months: 24, price: 17900 }] })
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

/** Runs a browser step; on failure keeps a screenshot of where it stood. */
async function step(width: number, name: string, body: (page: Page) => Promise<void>) {
  const { context, page } = await newPage(width)
  try {
    await body(page)
  } catch (err) {
    await screenshot(page, SUITE, `FAILED-${name}`).catch(() => undefined)
    throw err
  } finally {
    await context.close()
  }
}

const openController = async (page: Page, serial: string) => {
  await page.goto(`${app.url}/account/controllers`)
  await page.getByRole('link', { name: `Open controller ${serial}` }).click()
  await page.getByRole('heading', { name: new RegExp(`(Controller|Контроллер) ${serial}`) }).waitFor()
}
/** The list item of one option on the controller page. */
const optionItem = (page: Page, code: string) => page.locator('li.option-row', { has: page.locator('.mono', { hasText: new RegExp(`^${code}$`) }) })
const group = (page: Page, heading: string) => page.locator('section.option-group', { has: page.getByRole('heading', { name: heading, exact: true }) })

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
/** "N days left" as the page counts it now. */
const left = (until: string | null | undefined) => {
  const n = daysLeft(until ?? '', new Date())
  return `${n} day${n === 1 ? '' : 's'} left`
}

async function downloadAndVerify(page: Page, expected: RegExp): Promise<string> {
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download', exact: true }).click()])
  const file = path.join(tmp, download.suggestedFilename())
  await download.saveAs(file)
  const verified = await run(process.execPath, [DEVICE, 'verify', file, '--roots', `${app.url}/api/license-keys`, '--hardware-id', PMX2.hardwareId])
  expect(verified.stdout).toMatch(/License OK \(format 2\)/)
  expect(verified.stdout).toMatch(expected)
  return verified.stdout
}

/** Elements sticking out to the right of the viewport (none when the page fits a phone). */
const overflowing = (page: Page) =>
  page.evaluate(() =>
    [...document.querySelectorAll('body *')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
      .filter((el) => !el.closest('.table-wrap'))
      .slice(0, 5)
      .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${Math.round(el.getBoundingClientRect().right)}`),
  )
const readable = async (page: Page, locator: ReturnType<Page['locator']>) => {
  const box = await locator.boundingBox()
  const width = page.viewportSize()?.width ?? 0
  return box !== null && box.x >= 0 && box.x + box.width <= width + 1 && box.height > 0
}

describe('a free trial on a PMX2 controller that enforces end dates', () => {
  let until = ''

  test('Add the controller, Try free for 14 days, Apply, Download: the file carries the end date, the page the days left', async () => {
    await step(1280, 'trial', async (page) => {
      const code = (await run(process.execPath, [DEVICE, 'request-code', '--format', '2', '--model', String(PMX2.model), '--serial', PMX2.serial, '--hardware-id', PMX2.hardwareId, '--enforces-end-dates'])).stdout.trim()
      expect(code).toMatch(/^PMX2-/)
      await portalLogin(page, app.url, CUSTOMER, DEMO_PASSWORD)
      await page.goto(`${app.url}/account/controllers`)
      await page.getByRole('button', { name: /Add/ }).click()
      await page.getByRole('menuitem', { name: 'Controller' }).click()
      const dialog = page.getByRole('dialog', { name: 'Add a controller' })
      await dialog.getByLabel('License request code').fill(code)
      await dialog.getByRole('button', { name: 'Add controller' }).click()
      const congrats = page.getByRole('dialog', { name: 'Congratulations!' })
      await congrats.getByText(`serial number ${PMX2.serial}, is now in your account.`, { exact: false }).waitFor()
      await congrats.getByRole('button', { name: 'Close' }).first().click()
      await openController(page, PMX2.serial)
      controllerId = new URL(page.url()).pathname.split('/').pop() as string
      const facts = page.locator('#facts-title').locator('..')
      expect(await facts.textContent()).toContain('Firmware updatesno limit')

      const tryThc = page.getByRole('button', { name: /^Try free for 14 days — THC$/ })
      expect(await tryThc.isEnabled()).toBe(true)
      expect(await page.getByRole('button', { name: /^Try free for 30 days — NETWORK$/ }).isEnabled()).toBe(true)
      await screenshot(page, SUITE, 'trial-offered')
      await tryThc.click()
      await page.getByText('Your free trial of THC runs until', { exact: false }).waitFor()
      until = rowOf(await controllerBySerial(PMX2.serial), 'THC')?.until ?? ''
      expect(new Date(until).getTime()).toBeGreaterThan(addDays(new Date(), 13).getTime())
      const thc = optionItem(page, 'THC')
      await group(page, 'Available (paid, switched off)').locator('li', { hasText: 'THC' }).waitFor()
      expect(await thc.textContent()).toContain(`available until ${formatDate('en', until)} · 14 days left`)
      expect(await page.getByRole('button', { name: /Try free for 14 days — THC/ }).count()).toBe(0)
      await screenshot(page, SUITE, 'trial-started')

      await page.getByRole('switch', { name: /THC/ }).click()
      await page.getByRole('button', { name: 'Apply' }).click()
      await page.getByText('License No. 1 is ready with: BASIC_IO, LOOKAHEAD, THC.', { exact: false }).waitFor()
      const verified = await downloadAndVerify(page, new RegExp(`THC until ${escape(until)} \\(active\\)`))
      expect(verified).toMatch(/BASIC_IO permanent/)

      await group(page, 'Active').locator('li', { hasText: 'THC' }).waitFor()
      expect(await optionItem(page, 'THC').textContent()).toContain(`active until ${formatDate('en', until)} · 14 days left`)
      expect(await page.getByRole('switch', { name: /THC/ }).getAttribute('aria-describedby')).toBe('opt-THC-note')
      await screenshot(page, SUITE, 'trial-applied')
    })
  })

  test('the same page in Russian, and at 375 px in both languages', async () => {
    await step(375, 'phone', async (page) => {
      await portalLogin(page, app.url, CUSTOMER, DEMO_PASSWORD)
      await openController(page, PMX2.serial)
      for (const lang of ['en', 'ru'] as const) {
        if (lang === 'ru') {
          await page.getByRole('button', { name: 'Русский' }).click()
          await page.getByRole('heading', { name: `Контроллер ${PMX2.serial}` }).waitFor()
        }
        const thc = optionItem(page, 'THC')
        const state = thc.locator('.small').first()
        expect(await state.textContent()).toContain(lang === 'en' ? `active until ${formatDate('en', until)} · 14 days left` : `активна до ${formatDate('ru', until)} · осталось 14 дней`)
        const tryButton = page.getByRole('button', { name: lang === 'en' ? /Try free for 30 days — NETWORK/ : /Попробовать бесплатно 30 дней — NETWORK/ })
        expect(await tryButton.isEnabled()).toBe(true)
        expect({ lang, overflowing: await overflowing(page) }).toEqual({ lang, overflowing: [] })
        expect({ lang, state: await readable(page, state), button: await readable(page, tryButton) }).toEqual({ lang, state: true, button: true })
        expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true)
        await screenshot(page, SUITE, `phone-controller-${lang}`)
      }
      expect(await page.locator('#facts-title').locator('..').textContent()).toContain('Обновления прошивкибез ограничения')
      // Back to English: the switch also saved the language to the profile.
      await page.getByRole('button', { name: 'English' }).click()
      await page.getByRole('heading', { name: `Controller ${PMX2.serial}` }).waitFor()
    })
  })
})

test('a PMX1 controller shows the trial disabled with the reason, and rentals disabled on the buy page', async () => {
  await step(1280, 'pmx1', async (page) => {
    await portalLogin(page, app.url, CUSTOMER, DEMO_PASSWORD)
    await openController(page, PMX1_SERIAL)
    const tryButton = page.getByRole('button', { name: /Try free for 30 days — NETWORK/ })
    expect(await tryButton.isDisabled()).toBe(true)
    const reason = 'This controller cannot run options for a limited time: its software does not enforce end dates.'
    expect(await page.locator(`#${await tryButton.getAttribute('aria-describedby')}`).textContent()).toContain(reason)
    await screenshot(page, SUITE, 'pmx1-trial-disabled')

    await page.getByRole('link', { name: 'Buy options' }).click()
    await page.getByRole('heading', { name: `Buy options for controller ${PMX1_SERIAL}` }).waitFor()
    const axis = page.getByRole('group', { name: /AXIS4/ })
    expect(await axis.getByRole('radio', { name: 'Buy outright — €490.00' }).isEnabled()).toBe(true)
    const month = axis.getByRole('radio', { name: '1 month — €49.00' })
    expect(await month.isDisabled()).toBe(true)
    expect(await page.locator(`#${await month.getAttribute('aria-describedby')}`).textContent()).toContain(reason)
    await screenshot(page, SUITE, 'pmx1-buy-rentals-disabled')
  })
})

test('the server judges a trial: a second try from a page opened before is refused with its reason', async () => {
  await step(1280, 'second-try', async (page) => {
    await portalLogin(page, app.url, CUSTOMER, DEMO_PASSWORD)
    await openController(page, '100318') // the customer's seeded NC-500 with PMX2 software
    const tryButton = page.getByRole('button', { name: /Try free for 30 days — NETWORK/ })
    expect(await tryButton.isEnabled()).toBe(true)
    // Meanwhile (another tab, another person): the trial is started and ended again.
    const id = (await controllerBySerial('100318')).id
    const customer = await login(app.api, CUSTOMER, DEMO_PASSWORD)
    expect((await app.api('POST', `/api/controllers/${id}/trials`, { token: customer, body: { option: 'NETWORK' } })).status).toBe(201)
    await api('POST', `/api/controllers/${id}/option-terms`, { action: 'end', option: 'NETWORK', reason: 'tried by mistake' })
    await tryButton.click()
    const alert = page.getByRole('alert').filter({ hasText: 'The trial was not started.' })
    await alert.waitFor()
    expect(await alert.textContent()).toContain('Option NETWORK was tried on controller 100318 before; a trial is once per controller. Buy or rent it to use it again.')
    await screenshot(page, SUITE, 'second-try-refused')
  })
})

test('the renewal link ?option=AXIS4&months=3 chooses the rental: one press of Place order', async () => {
  await step(1280, 'rent', async (page) => {
    await portalLogin(page, app.url, CUSTOMER, DEMO_PASSWORD)
    await page.goto(`${app.url}/account/controllers/${controllerId}/buy?option=AXIS4&months=3`)
    const axis = page.getByRole('group', { name: /AXIS4/ })
    expect(await axis.getByRole('radio', { name: '3 months — €129.00' }).isChecked()).toBe(true)
    expect(await axis.getByText('Rent:').count()).toBe(1)
    await page.getByText('Total: €129.00').waitFor()
    await screenshot(page, SUITE, 'buy-rental-preselected')
    await page.getByRole('button', { name: 'Place order' }).click()
    await page.waitForURL(/\/account\/orders\/[^/?]+\?placed=1/)
    const orderId = new URL(page.url()).pathname.split('/').pop()
    const order = await api('GET', `/api/orders/${orderId}?depth=0`)
    expect(order.items.map((i: { code: string; months: number | null; unitPrice: number }) => [i.code, i.months, i.unitPrice])).toEqual([['AXIS4', 3, 12900]])
    // A period the option does not offer is said so on the page.
    await page.goto(`${app.url}/account/controllers/${controllerId}/buy?option=NETWORK&months=2`)
    await page.getByText('Option NETWORK is not rented for 2 months; choose one of its periods below.').waitFor()
  })
})

describe('staff change dated rights in the admin; the customer sees what needs a license', () => {
  const inDays = (n: number) => addDays(new Date(), n).toISOString().slice(0, 10)

  test('Firmware updates until, Grant and the dashboard card; then Extend and End', async () => {
    await step(1440, 'admin', async (page) => {
      await adminLogin(page, app.url, 'manager@pumotix.local')
      const actions = page.getByTestId('controller-actions')
      const open = async () => {
        await page.goto(`${app.url}/admin/collections/controllers/${controllerId}`)
        await actions.getByRole('button', { name: 'Firmware updates until…' }).waitFor()
      }
      // A change reloads the page, which then shows the idle buttons and the dated rights again.
      const submit = async (button: string) => {
        await actions.getByRole('button', { name: button, exact: true }).click()
        await actions.getByRole('button', { name: 'Grant an option…' }).waitFor()
      }
      await open()
      await actions.getByRole('button', { name: 'Firmware updates until…' }).click()
      await page.fill('#term-until', inDays(-1))
      await page.fill('#term-reason', 'support contract')
      await actions.getByRole('button', { name: 'Set firmware updates end', exact: true }).click()
      await actions.getByRole('alert').getByText('Until: the date must be in the future.').waitFor() // the server's 400, shown as it is
      await page.fill('#term-until', inDays(10))
      await screenshot(page, SUITE, 'admin-maintenance')
      await submit('Set firmware updates end')

      await actions.getByRole('button', { name: 'Grant an option…' }).click()
      await page.selectOption('#term-option', 'PROBE')
      await page.fill('#term-until', inDays(20))
      await page.fill('#term-reason', 'trade fair demo')
      await submit('Grant')
      expect(await actions.getByTestId('dated-rights').textContent()).toContain(`PROBE available until ${inDays(20)}`)
      expect(await actions.getByTestId('dated-rights').textContent()).toContain(`Firmware updates until ${inDays(10)}`)
      await screenshot(page, SUITE, 'admin-granted')

      await page.goto(`${app.url}/admin`)
      const card = page.getByTestId('dashboard-ending')
      expect(await card.textContent()).toMatch(/Ending in the next 14 days2/) // the THC trial and the updates cover
      expect(await card.textContent()).toContain(`Firmware updates of ${PMX2.serial}: ${inDays(10)}`)
      await screenshot(page, SUITE, 'admin-dashboard')
      await card.click()
      await page.waitForURL(/\/admin\/collections\/controllers\?/)
      await page.locator('tbody tr', { hasText: PMX2.serial }).waitFor()
      expect(await page.locator('tbody tr').count()).toBe(1)
      await screenshot(page, SUITE, 'admin-ending-list')

      await open()
      await actions.getByRole('button', { name: 'Extend an option…' }).click()
      await page.selectOption('#term-option', 'THC')
      await page.fill('#term-until', inDays(60))
      await page.fill('#term-reason', 'goodwill')
      await submit('Extend')
      expect(await actions.getByTestId('dated-rights').textContent()).toContain(`THC active until ${inDays(60)}`)
    })
  })

  test('the controller page: new dates need a license, Apply gives them; the file says so', async () => {
    await step(1280, 'license-needed', async (page) => {
      await portalLogin(page, app.url, CUSTOMER, DEMO_PASSWORD)
      await openController(page, PMX2.serial)
      const c = await controllerBySerial(PMX2.serial)
      const thcUntil = rowOf(c, 'THC')?.until ?? ''
      const facts = await page.locator('#facts-title').locator('..').textContent()
      expect(facts).toContain(`until ${formatDate('en', c.maintenanceUntil)} · ${left(c.maintenanceUntil)}`)
      expect(facts).toContain('License needed Press Apply to give the controller the new firmware-updates date.')
      expect(await page.getByRole('link', { name: 'Renew the update plan' }).getAttribute('href')).toBe(`/account/controllers/${controllerId}/buy?option=UPDATES`)
      const thc = optionItem(page, 'THC')
      expect(await thc.textContent()).toContain(`active until ${formatDate('en', thcUntil)} · ${left(thcUntil)}`)
      expect(await thc.textContent()).toContain('License needed')
      const probeUntil = rowOf(c, 'PROBE')?.until
      expect(await optionItem(page, 'PROBE').textContent()).toContain(`available until ${formatDate('en', probeUntil)} · ${left(probeUntil)}`)
      await page.getByText('The controller needs a new license for its new dates.', { exact: false }).waitFor()
      await screenshot(page, SUITE, 'license-needed')

      await page.getByRole('button', { name: 'Apply' }).click()
      await page.getByText('License No. 2 is ready with: BASIC_IO, LOOKAHEAD, THC.', { exact: false }).waitFor()
      const verified = await downloadAndVerify(page, new RegExp(`THC until ${escape(thcUntil)} \\(active\\)`))
      expect(verified).toMatch(new RegExp(`Maintenance until: +${escape(c.maintenanceUntil ?? 'missing')}`))
      expect(verified).not.toMatch(/PROBE/) // granted, but not switched on
      await page.reload()
      await page.getByText('The license matches these options.', { exact: false }).waitFor()
      expect(await optionItem(page, 'THC').textContent()).not.toContain('License needed')
      expect(await page.locator('#facts-title').locator('..').textContent()).not.toContain('License needed')

      await page.getByRole('link', { name: 'Renew the update plan' }).click()
      const plan = page.getByRole('group', { name: /UPDATES/ })
      await plan.getByText('Firmware updates for:').waitFor()
      expect(await plan.getByRole('radio', { name: '12 months — €99.00' }).isEnabled()).toBe(true)
      expect(await plan.textContent()).toContain(`Firmware updates are covered until ${formatDate('en', c.maintenanceUntil)}`)
      await screenshot(page, SUITE, 'buy-update-plan')
    })
  })

  test('ended now by staff: "ended on D (can be bought or rented again)" with the link to buy it again', async () => {
    await step(1440, 'end', async (page) => {
      await adminLogin(page, app.url, 'manager@pumotix.local')
      const actions = page.getByTestId('controller-actions')
      await page.goto(`${app.url}/admin/collections/controllers/${controllerId}`)
      await actions.getByRole('button', { name: 'End an option now…' }).click()
      await page.selectOption('#term-option', 'THC')
      await page.fill('#term-reason', 'chargeback')
      await actions.getByRole('button', { name: 'End now', exact: true }).click()
      expect(await waitFor(async () => rowOf(await controllerBySerial(PMX2.serial), 'THC')?.state, (s) => s === 'ended')).toBe('ended')
      await screenshot(page, SUITE, 'admin-ended')
    })
    await step(1280, 'ended', async (page) => {
      await portalLogin(page, app.url, CUSTOMER, DEMO_PASSWORD)
      await openController(page, PMX2.serial)
      const ended = rowOf(await controllerBySerial(PMX2.serial), 'THC')?.until
      const thc = group(page, 'Ended').locator('li', { hasText: 'THC' })
      expect(await thc.textContent()).toContain(`ended on ${formatDate('en', ended)} (can be bought or rented again)`)
      expect(await thc.getByRole('switch').count()).toBe(0)
      // License No. 2 still runs THC until its old end: the page says so, and Apply takes it out.
      expect(await thc.textContent()).toContain('License needed')
      await page.getByText('The controller needs a new license for its new dates.', { exact: false }).waitFor()
      expect(await page.getByRole('button', { name: /Try free for 14 days — THC/ }).count()).toBe(0) // tried once already
      await screenshot(page, SUITE, 'ended')
      await page.getByRole('button', { name: 'Apply' }).click()
      await page.getByText('License No. 3 is ready with: BASIC_IO, LOOKAHEAD.', { exact: false }).waitFor()
      expect(await downloadAndVerify(page, /BASIC_IO permanent/)).not.toMatch(/THC/)
      await page.reload()
      expect(await group(page, 'Ended').locator('li', { hasText: 'THC' }).textContent()).not.toContain('License needed')
      await group(page, 'Ended').getByRole('link', { name: 'Buy or rent again' }).click()
      await page.getByRole('heading', { name: `Buy options for controller ${PMX2.serial}` }).waitFor()
      expect(await page.getByLabel(/THC/).isChecked()).toBe(true)
      await page.getByText('Total: €290.00').waitFor()
    })
  }, 300_000)
})

test('a firmware news item says until when updates must be covered', async () => {
  const editor = await login(app.api, 'editor@pumotix.local', DEMO_PASSWORD)
  const created = await app.api('POST', '/api/news', {
    token: editor,
    body: { title: 'Firmware 5.2 for NC controllers', excerpt: 'Faster look-ahead.', category: 'firmware', firmwareReleasedAt: '2026-11-30T12:00:00.000Z', _status: 'published' },
  })
  expect(created.status).toBe(201)
  await step(1280, 'news', async (page) => {
    await page.goto(`${app.url}/news/${created.body.doc.slug}`)
    await page.getByText('Needs firmware updates covered until at least 30 November 2026.', { exact: false }).waitFor()
    await screenshot(page, SUITE, 'news-firmware')
  })
})
