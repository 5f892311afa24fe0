/** The browser tests' Chromium (src/scripts/find-chromium.ts picks it) driven by playwright-core, headless, with a throw-away profile; screenshots in test-results/. */
import fs from 'node:fs'
import path from 'node:path'
import type { ParsedMail } from 'mailparser'
import { chromium, type Browser, type Page } from 'playwright-core'

import { CHROMIUM_FLAGS, findChromium } from '@/scripts/find-chromium'

export const SCREENSHOT_DIR = path.join(process.cwd(), 'test-results', 'e2e')

/**
 * playwright's launch() gives every browser a fresh temporary user-data directory, removed on close.
 * Without any Chromium it throws findChromium's one-line NoChromiumError (the jest global set-up of
 * the browser tests, test/e2e/support/global-setup.ts, usually stops the run before that).
 */
export async function launchBrowser(): Promise<Browser> {
  const found = await findChromium()
  return chromium.launch({
    executablePath: found.executablePath,
    headless: true,
    args: CHROMIUM_FLAGS,
    env: { ...process.env, ...found.env },
  })
}

let counter = 0

/**
 * A full-page capture of a long admin page took more than the tests' 20 s action timeout on a loaded
 * 2-core machine (the full run of 2026-12-08 failed there, right after the step's assertion passed):
 * a screenshot is a record for people, so it gets a wait of its own (within jest's 120 s per test).
 */
const SCREENSHOT_TIMEOUT_MS = 60_000

/** Saves a full-page screenshot as test-results/e2e/<suite>/<NN>-<name>.png. */
export async function screenshot(page: Page, suite: string, name: string): Promise<string> {
  const dir = path.join(SCREENSHOT_DIR, suite)
  fs.mkdirSync(dir, { recursive: true })
  counter += 1
  const file = path.join(dir, `${String(counter).padStart(2, '0')}-${name.replace(/[^a-z0-9-]+/gi, '-')}.png`)
  await page.screenshot({ path: file, fullPage: true, timeout: SCREENSHOT_TIMEOUT_MS })
  return file
}

/** The first http(s) link in an e-mail's text that contains `pathPart`. */
export function linkIn(text: string | undefined, pathPart: string): string {
  const match = (text ?? '').match(new RegExp(`https?://[^\\s"'<>]*${pathPart.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[^\\s"'<>]*`))
  if (!match) throw new Error(`no link containing ${pathPart} in:\n${text}`)
  return match[0]
}

/** The recipients of a captured e-mail as text. */
export function mailTo(m: ParsedMail): string {
  const to = m.to
  if (!to) return ''
  return (Array.isArray(to) ? to : [to]).map((a) => a.text).join(', ')
}

/** Logs a customer in through the portal's login form and waits for the account home. */
export async function portalLogin(page: Page, baseUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${baseUrl}/login`)
  await page.getByLabel('E-mail', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(password)
  await page.getByRole('button', { name: 'Log in' }).click()
  await page.waitForURL(`${baseUrl}/account`)
}
