/**
 * A PMX2 controller in the portal, in a real browser, on the embedded default (development root): the
 * customer adds it with the PMX2 code the device tool makes, switches an option on, Applies and
 * Downloads as for any controller; the file is a format 2 license that `pumotix-device verify --roots`
 * accepts knowing only the published roots, and the license history says "Format 2".
 */
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'

import { afterAll, beforeAll, expect, test } from '@jest/globals'
import type { Browser } from 'playwright-core'

import { startApp, type RunningApp } from './support/app'
import { launchBrowser, portalLogin, screenshot } from './support/browser'

const run = promisify(execFile)
const SUITE = 'format2'
const DEVICE = path.join(process.cwd(), 'bin', 'pumotix-device.mjs')
/** The seed's unclaimed NC-500, whose (newer) software shows PMX2 codes. */
const UNCLAIMED_PMX2 = { model: 5, serial: '100503', hardwareId: '1b2c3d4e5f60718293a4b5c6d7e8f902' }

let app: RunningApp
let browser: Browser
let tmp: string

beforeAll(async () => {
  app = await startApp({ env: { RATE_LIMIT_LOGIN: '500', RATE_LIMIT_CLAIM: '500' } })
  browser = await launchBrowser()
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-e2e-f2-'))
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await app?.stop()
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true })
})

test('Add a PMX2 controller, Apply, Download: a format 2 file that verifies through the root', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB', acceptDownloads: true })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  try {
    const code = (await run(process.execPath, [DEVICE, 'request-code', '--format', '2', '--model', '5', '--serial', UNCLAIMED_PMX2.serial, '--hardware-id', UNCLAIMED_PMX2.hardwareId, '--enforces-end-dates'])).stdout.trim()
    expect(code).toMatch(/^PMX2-/)
    await portalLogin(page, app.url, 'customer@pumotix.local', 'pumotix-demo')
    await page.goto(`${app.url}/account/controllers`)
    await page.getByRole('button', { name: /Add/ }).click()
    await page.getByRole('menuitem', { name: 'Controller' }).click()
    const dialog = page.getByRole('dialog', { name: 'Add a controller' })
    await dialog.getByLabel('License request code').fill(code)
    await dialog.getByRole('button', { name: 'Add controller' }).click()
    const congrats = page.getByRole('dialog', { name: 'Congratulations!' })
    await congrats.getByText('serial number 100503, is now in your account.', { exact: false }).waitFor()
    await congrats.getByRole('button', { name: 'Close' }).first().click()
    await page.locator('tr', { hasText: '100503' }).locator('td').nth(1).dblclick()
    await page.getByRole('heading', { name: 'Controller 100503' }).waitFor()
    expect(await page.locator('main').textContent()).toContain('License formatFormat 2')
    await screenshot(page, SUITE, 'controller')

    await page.getByRole('button', { name: 'Apply' }).click()
    await page.getByText('License No. 1 is ready with: BASIC_IO, LOOKAHEAD.', { exact: false }).waitFor()
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download', exact: true }).click()])
    const file = path.join(tmp, download.suggestedFilename())
    await download.saveAs(file)
    expect(fs.readFileSync(file, 'utf8')).toMatch(/^-----BEGIN PUMOTIX LICENSE-----/)
    const verified = await run(process.execPath, [DEVICE, 'verify', file, '--roots', `${app.url}/api/license-keys`, '--hardware-id', UNCLAIMED_PMX2.hardwareId])
    expect(verified.stdout).toMatch(/License OK/)
    expect(verified.stdout).toMatch(/format 2/i)

    await page.reload()
    const history = page.getByRole('table', { name: 'License history' })
    expect(await history.locator('tbody tr').first().textContent()).toContain('Format 2')
    await screenshot(page, SUITE, 'history')
  } catch (err) {
    await screenshot(page, SUITE, 'FAILED').catch(() => undefined)
    throw err
  } finally {
    await context.close()
  }
})

test('an administrator rotates in the admin: the new key waits, is certified with the development root, and signs', async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'en-GB' })
  const page = await context.newPage()
  page.setDefaultTimeout(30_000)
  try {
    await page.goto(`${app.url}/admin/login`)
    await page.locator('#field-email').fill('admin@pumotix.local')
    await page.locator('#field-password').fill('pumotix-demo')
    await page.locator('button[type="submit"]').click()
    await page.waitForURL((u) => !u.pathname.startsWith('/admin/login'))
    const before = (await app.api('GET', '/api/license-keys')).body.keys.find((k: { status: string }) => k.status === 'active').kid
    await page.goto(`${app.url}/admin/collections/signing-keys`)
    await page.getByTestId('rotate-signing-key').getByRole('button', { name: 'Rotate signing key…' }).click()
    await page.getByRole('button', { name: 'Yes, rotate now' }).click()
    await page.waitForURL(/\/admin\/collections\/signing-keys\/[^/]+$/)
    const panel = page.getByTestId('signing-key-certificate')
    await panel.getByText('This key waits for its certificate.', { exact: false }).waitFor()
    expect(await panel.getByRole('link', { name: 'Download certification request' }).getAttribute('href')).toMatch(/\/certification-request$/)
    await screenshot(page, SUITE, 'admin-pending-key')
    // Until it is certified the previous key still signs.
    expect((await app.api('GET', '/api/license-keys')).body.keys.find((k: { status: string }) => k.status === 'active').kid).toBe(before)
    await panel.getByRole('button', { name: /Certify with the development root/ }).click()
    await panel.getByText(/Certified by root/).waitFor()
    const keys = (await app.api('GET', '/api/license-keys')).body.keys
    expect(keys.find((k: { kid: string }) => k.kid === before).status).toBe('retired')
    expect(keys.filter((k: { status: string }) => k.status === 'active')).toHaveLength(1)
    await screenshot(page, SUITE, 'admin-certified-key')
  } catch (err) {
    await screenshot(page, SUITE, 'FAILED-admin').catch(() => undefined)
    throw err
  } finally {
    await context.close()
  }
})
