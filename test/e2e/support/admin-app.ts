/**
 * The admin browser tests reuse the portal's harness (support/app.ts: production build, server in a
 * child process, fresh SQLite database, demo seed) and its build directory: jest runs the files one
 * after another, so one build serves every browser test.
 */
import type { Page } from 'playwright-core'

export { startApp, type RunningApp } from './app'

export const DEMO_PASSWORD = 'pumotix-demo'

/** Logs in through Payload's admin login form and waits for the dashboard. */
export async function adminLogin(page: Page, url: string, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto(`${url}/admin/login`)
  await page.fill('#field-email', email)
  await page.fill('#field-password', password)
  await page.click('button[type="submit"]')
  await page.waitForURL((u) => u.pathname === '/admin' || u.pathname === '/admin/', { timeout: 30_000 })
}

/** Polls `read` until `done` holds (or the time is up) and returns the last value. */
export async function waitFor<T>(read: () => Promise<T>, done: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  let value = await read()
  while (!done(value) && Date.now() < deadline) {
    await new Promise((r) => setTimeout(r, 250))
    value = await read()
  }
  return value
}
