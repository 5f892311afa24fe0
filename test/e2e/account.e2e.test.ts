/**
 * The personal account in a real browser, without the licensing flows: registration with the
 * e-mailed verification link, login and logout, forgot/reset password, profile, password and e-mail
 * change, news subscription, language switch and the phone layout.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { Browser, BrowserContext, Page } from 'playwright-core'

import { launchBrowser, linkIn, mailTo, screenshot, portalLogin } from './support/browser'
import { startApp, type RunningApp } from './support/app'

const SUITE = 'account'
let app: RunningApp
let browser: Browser

beforeAll(async () => {
  app = await startApp({ env: { RATE_LIMIT_LOGIN: '500', RATE_LIMIT_REGISTER: '100', RATE_LIMIT_FORGOT_PASSWORD: '100' } })
  browser = await launchBrowser()
}, 600_000)

afterAll(async () => {
  await browser?.close()
  await app?.stop()
})

async function newPage(options: { width?: number; height?: number } = {}): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 860 }, locale: 'en-GB' })
  const page = await context.newPage()
  page.setDefaultTimeout(15_000)
  return { context, page }
}

const login = (page: Page, email: string, password: string) => portalLogin(page, app.url, email, password)

async function meAs(email: string, password: string) {
  const res = await app.api('POST', '/api/users/login', { body: { email, password } })
  expect(res.status).toBe(200)
  return res.body.user
}

describe('registration and login', () => {
  const email = `reg-${Date.now()}@example.test`
  const password = 'my-first-password'

  test('a visitor registers, follows the e-mailed link, is logged in, logs out and in again', async () => {
    const { context, page } = await newPage()
    await page.goto(app.url)
    await expect(page.getByRole('heading', { level: 1 })).toBeTruthy()
    await screenshot(page, SUITE, 'landing')
    await page.getByRole('banner').getByRole('link', { name: 'Registration' }).click()
    await page.waitForURL(`${app.url}/register`)

    // The form's own checks come first: nothing is sent without consent and matching passwords.
    await page.getByRole('button', { name: 'Register' }).click()
    expect(await page.getByText('Please accept the privacy policy to register.').count()).toBe(1)
    await page.getByLabel('Name').fill('Greta Registrant')
    await page.getByLabel('E-mail', { exact: true }).fill(email)
    await page.getByLabel('Phone').fill('12')
    await page.getByLabel('Password', { exact: true }).fill(password)
    await page.getByLabel('Repeat the password').fill(password)
    await page.getByLabel(/I have read and accept/).check()
    await page.getByLabel(/Send me PUMOTIX news/).check()
    await page.getByRole('button', { name: 'Register' }).click()
    // The server's phone validation (libphonenumber) is shown next to the phone field.
    const phoneError = page.locator('#reg-phone-error')
    await phoneError.waitFor()
    expect(await phoneError.textContent()).toMatch(/not a valid phone number/)
    expect(await page.getByLabel('Phone').getAttribute('aria-invalid')).toBe('true')
    await screenshot(page, SUITE, 'register-phone-error')

    await page.getByLabel('Phone').fill('+49 30 1234567')
    await page.getByRole('button', { name: 'Register' }).click()
    await page.waitForURL(/\/register\/check-email/)
    expect(await page.getByText(`We have sent a confirmation link to ${email}.`).count()).toBe(1)
    await screenshot(page, SUITE, 'check-email')

    const mail = await app.smtp!.waitFor((m) => mailTo(m).includes(email), 60_000)
    const link = linkIn(mail.text, '/verify?token=')
    expect(link.startsWith(`${app.url}/verify?token=`)).toBe(true)

    await page.goto(link)
    await page.getByText('Your e-mail address is confirmed and you are logged in.').waitFor()
    await screenshot(page, SUITE, 'verified')
    await page.getByRole('link', { name: 'Go to my account' }).click()
    await page.waitForURL(`${app.url}/account`)
    await page.getByRole('heading', { name: 'Welcome, Greta Registrant' }).waitFor()

    // The link works once: opened again it explains and offers the login.
    const again = await context.newPage()
    await again.goto(link)
    await again.getByText('The confirmation link is invalid or has already been used.', { exact: false }).waitFor()
    await again.close()

    // Logout from the account menu, then log in with the password.
    await page.getByRole('banner').getByText('Greta').click()
    await page.getByRole('button', { name: 'Logout' }).click()
    await page.waitForURL(/\/login\?loggedOut=1/)
    await page.getByText('You have been logged out.').waitFor()
    await page.getByLabel('E-mail', { exact: true }).fill(email)
    await page.getByLabel('Password', { exact: true }).fill('wrong-password')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.getByText('The e-mail address or password is incorrect.').waitFor()
    await page.getByLabel('Password', { exact: true }).fill(password)
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL(`${app.url}/account`)
    const me = await meAs(email, password)
    expect(me.newsSubscribed).toBe(true)
    expect(me.privacyAcceptedAt).toBeTruthy()
    await context.close()
  })

  test('an account page asks for the login and comes back after it', async () => {
    const { context, page } = await newPage()
    await page.goto(`${app.url}/account/profile`)
    await page.waitForURL(/\/login\?next=%2Faccount%2Fprofile/)
    await page.getByText('Please log in to continue.').waitFor()
    await page.getByLabel('E-mail', { exact: true }).fill('customer2@pumotix.local')
    await page.getByLabel('Password', { exact: true }).fill('pumotix-demo')
    await page.getByRole('button', { name: 'Log in' }).click()
    await page.waitForURL(`${app.url}/account/profile`)
    await context.close()
  })

  test('forgot password answers the same for unknown addresses, and the e-mailed link sets a new password', async () => {
    const { context, page } = await newPage()
    await page.goto(`${app.url}/forgot-password`)
    await page.getByLabel('E-mail', { exact: true }).fill('nobody-here@example.test')
    await page.getByRole('button', { name: 'Send the link' }).click()
    const neutral = await page.getByRole('status').textContent()
    expect(neutral).toContain('If an account exists for nobody-here@example.test')

    await page.goto(`${app.url}/forgot-password`)
    await page.getByLabel('E-mail', { exact: true }).fill(email)
    await page.getByRole('button', { name: 'Send the link' }).click()
    await page.getByText(`If an account exists for ${email}`, { exact: false }).waitFor()
    const mail = await app.smtp!.waitFor((m) => (mailTo(m).includes(email) ?? false) && /password/i.test(m.subject ?? ''), 60_000)
    const link = linkIn(mail.text, '/reset-password?token=')
    await page.goto(link)
    await page.getByLabel('New password', { exact: true }).fill('reset-password-2')
    await page.getByLabel('Repeat the new password').fill('reset-password-2')
    await page.getByRole('button', { name: 'Save the new password' }).click()
    await page.getByText('Your password has been changed and you are logged in.').waitFor()
    await screenshot(page, SUITE, 'password-reset')
    await meAs(email, 'reset-password-2')
    await context.close()
  })
})

describe('profile', () => {
  test('details, news subscription, password and e-mail change', async () => {
    const { context, page } = await newPage()
    // A fresh customer of our own, so other tests' demo logins stay valid.
    const email = `prof-${Date.now()}@example.test`
    const created = await app.api('POST', '/api/users', {
      body: { email, password: 'profile-pass-1', name: 'Pavel Profile', phone: '+7 912 345-67-89', privacyAccepted: true, newsSubscribed: true },
    })
    expect(created.status).toBe(201)
    const verifyMail = await app.smtp!.waitFor((m) => mailTo(m).includes(email), 60_000)
    await page.goto(linkIn(verifyMail.text, '/verify?token='))
    await page.getByText('Your e-mail address is confirmed', { exact: false }).waitFor()

    await page.goto(`${app.url}/account/profile`)
    await page.getByLabel('Name').fill('Pavel P. Profile')
    await page.getByLabel('Phone').fill('+49 89 1234567')
    await page.getByLabel(/Send me PUMOTIX news/).uncheck()
    await page.getByRole('button', { name: 'Save details' }).click()
    await page.getByText('Your details have been saved.').waitFor()
    await screenshot(page, SUITE, 'profile-saved')
    let me = await meAs(email, 'profile-pass-1')
    expect(me).toMatchObject({ name: 'Pavel P. Profile', phone: '+49891234567', newsSubscribed: false })

    await page.getByLabel(/Send me PUMOTIX news/).check()
    await page.getByRole('button', { name: 'Save details' }).click()
    await page.getByText('Your details have been saved.').waitFor()
    me = await meAs(email, 'profile-pass-1')
    expect(me.newsSubscribed).toBe(true)

    // A bad phone number is refused with the server's reason next to the field; nothing is saved.
    await page.getByLabel('Phone').fill('555')
    await page.getByRole('button', { name: 'Save details' }).click()
    await page.locator('#profile-phone-error').waitFor()
    expect((await meAs(email, 'profile-pass-1')).phone).toBe('+49891234567')

    // Password: the current one is checked first.
    await page.getByLabel('Current password').first().fill('not-my-password')
    await page.getByLabel('New password', { exact: true }).fill('profile-pass-2')
    await page.getByLabel('Repeat the new password').fill('profile-pass-2')
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.getByText('The current password is not correct.').waitFor()
    await page.locator('#pw-current').fill('profile-pass-1')
    await page.getByRole('button', { name: 'Change password' }).click()
    await page.getByText('Your password has been changed.').waitFor()
    await meAs(email, 'profile-pass-2')
    // This browser's session survives the change.
    await page.reload()
    await page.getByRole('heading', { name: 'Profile' }).waitFor()

    // E-mail: pending until the link sent to the new address is followed.
    const next = `moved-${Date.now()}@example.test`
    await page.getByLabel('New e-mail address').fill(next)
    await page.locator('#email-password').fill('profile-pass-2')
    await page.getByRole('button', { name: 'Send confirmation link' }).click()
    await page.getByText(`A confirmation link is on its way to ${next}.`, { exact: false }).waitFor()
    await screenshot(page, SUITE, 'email-pending')
    expect((await meAs(email, 'profile-pass-2')).pendingEmail).toBe(next)
    const mail = await app.smtp!.waitFor((m) => mailTo(m).includes(next), 60_000)
    await page.goto(linkIn(mail.text, '/confirm-email?token='))
    await page.getByText(`Your e-mail address is now ${next}.`).waitFor()
    await screenshot(page, SUITE, 'email-changed')
    const moved = await meAs(next, 'profile-pass-2')
    expect(moved.pendingEmail).toBeFalsy()
    await context.close()
  })
})

describe('language', () => {
  test('the switch changes every text, is remembered, and saved to the profile', async () => {
    const { context, page } = await newPage()
    await login(page, 'customer@pumotix.local', 'pumotix-demo')
    await page.getByRole('button', { name: 'Русский' }).click()
    await page.getByRole('heading', { name: /Здравствуйте/ }).waitFor()
    expect(await page.locator('html').getAttribute('lang')).toBe('ru')
    expect(await page.getByRole('link', { name: 'Новости', exact: true }).count()).toBe(1)
    await screenshot(page, SUITE, 'account-ru')
    await page.goto(`${app.url}/account/profile`)
    await page.getByRole('heading', { name: 'Профиль' }).waitFor()
    expect((await meAs('customer@pumotix.local', 'pumotix-demo')).language).toBe('ru')
    const cookies = await context.cookies()
    expect(cookies.find((c) => c.name === 'lang')?.value).toBe('ru')
    await page.getByRole('button', { name: 'English' }).click()
    await page.getByRole('heading', { name: 'Profile' }).waitFor()
    expect((await meAs('customer@pumotix.local', 'pumotix-demo')).language).toBe('en')
    await context.close()
  })

  test('a visitor’s choice is kept in a cookie', async () => {
    const { context, page } = await newPage()
    await page.goto(`${app.url}/login`)
    await page.getByRole('button', { name: 'Русский' }).click()
    await page.getByRole('heading', { name: 'Вход' }).waitFor()
    await page.goto(`${app.url}/register`)
    await page.getByRole('heading', { name: 'Регистрация' }).waitFor()
    await context.close()
  })
})

describe('phone layout (375 px)', () => {
  test('pages fit the screen without sideways scrolling and the menu works', async () => {
    const { context, page } = await newPage({ width: 375, height: 812 })
    await page.goto(app.url)
    // Elements that stick out to the right (empty when the page fits).
    const fits = () =>
      page.evaluate(() =>
        [...document.querySelectorAll('body *')]
          .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 1)
          .filter((el) => !el.closest('.table-wrap')) // wide tables scroll inside their own frame
          .slice(0, 5)
          .map((el) => `${el.tagName.toLowerCase()}.${el.className}: ${Math.round(el.getBoundingClientRect().right)}`),
      )
    expect(await fits()).toEqual([])
    await screenshot(page, SUITE, 'phone-landing')
    await page.goto(`${app.url}/register`)
    expect(await fits()).toEqual([])
    await screenshot(page, SUITE, 'phone-register')
    await login(page, 'customer@pumotix.local', 'pumotix-demo')
    for (const path of ['/account', '/account/controllers', '/account/orders', '/account/profile']) {
      await page.goto(app.url + path)
      expect({ path, fits: await fits() }).toEqual({ path, fits: [] })
      await screenshot(page, SUITE, `phone${path.replace(/\//g, '-')}`)
    }
    await page.getByRole('banner').getByText('John').click()
    await page.getByRole('link', { name: 'My orders' }).first().click()
    await page.waitForURL(`${app.url}/account/orders`)
    await context.close()
  })
})
