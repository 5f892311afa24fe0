/**
 * Options with end dates as the portal and the back office show them, through the real stack (HTTP
 * and the portal's own reads): a free trial and what the controller page then says (available until,
 * days left), a second try refused with the server's reason, "license needed" when the controller's
 * license carries other dates than it is entitled to (an extension, new firmware-updates cover) until
 * Apply, ended options offered again, what the buy page offers (outright, rental periods, update plans),
 * the CSV export's dated columns and the dashboard's "ending soon" card with its filtered list.
 */
import type { User } from '@payload-types'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { Payload } from 'payload'

import { endingSoon } from '@/admin/dashboard-data'
import { END_DATES_UNSUPPORTED } from '@/domain/dated-options'
import { addDays, DAY_MS } from '@/domain/dates'
import { datedOptionsText } from '@/domain/export-columns'
import { plural } from '@/portal/i18n'
import { en } from '@/portal/i18n/en'
import { ru } from '@/portal/i18n/ru'
import { buyOffers, getMyController, listOptionsOnSale, optionRows, trialOffers, updatePlanFor, updatesCover, type ControllerDetail } from '@/portal/queries/controllers'
import { login, type Api } from '../support/http'
import { createController, createOption, requestCodeFor, requestCodeV2For } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

let server: TestServer
let payload: Payload
let api: Api
let customer: User
let staffUser: User
let token: string
let staff: string
const ids: Record<string, string | number> = {}
const pmx2 = { id: '' as string | number, serial: '' }
const pmx1 = { id: '' as string | number, serial: '' }

beforeAll(async () => {
  server = await startTestServer()
  ;({ payload, api } = server)
  const thc = await createOption(payload, { code: 'THC', name: 'Torch height control', price: 29000, trialDays: 14 })
  const axis = await createOption(payload, {
    code: 'AXIS4',
    name: '4th axis',
    price: 49000,
    rentalPeriods: [
      { months: 12, price: 39000 },
      { months: 1, price: 4900 },
      { months: 3, price: 12900 },
    ],
  })
  const rentOnly = await createOption(payload, { code: 'CAM_LINK', name: 'CAM link', sellOutright: false, rentalPeriods: [{ months: 1, price: 1500 }] })
  const updates = await createOption(payload, { code: 'UPDATES', name: 'Firmware update plan', kind: 'updates', price: 0, sellOutright: false, rentalPeriods: [{ months: 12, price: 9900 }, { months: 24, price: 17900 }] })
  const basic = await createOption(payload, { code: 'BASIC_IO', name: 'Basic I/O', onSale: false })
  Object.assign(ids, { thc: thc.id, axis: axis.id, rentOnly: rentOnly.id, updates: updates.id, basic: basic.id })

  customer = await createUser(payload, 'customer')
  token = await login(api, customer.email, TEST_PASSWORD)
  staffUser = await createUser(payload, 'manager')
  staff = await login(api, staffUser.email, TEST_PASSWORD)
  const two = await createController(payload, { factoryOptions: [basic.id] })
  const one = await createController(payload, { factoryOptions: [basic.id] })
  expect((await api('POST', '/api/controllers/claim', { token, body: { requestCode: requestCodeV2For(two, { enforcesOptionEndDates: true }) } })).status).toBe(200)
  expect((await api('POST', '/api/controllers/claim', { token, body: { requestCode: requestCodeFor(one) } })).status).toBe(200)
  Object.assign(pmx2, { id: two.id, serial: two.serial })
  Object.assign(pmx1, { id: one.id, serial: one.serial })
})
afterAll(async () => {
  await server?.close()
})

const mine = async (id: string | number): Promise<ControllerDetail> => {
  const c = await getMyController(payload, customer, String(id), 'en')
  if (!c) throw new Error(`controller ${id} is not the customer's`)
  return c
}
const rowOf = (c: ControllerDetail, code: string, now?: Date) => optionRows(c, now).find((r) => r.code === code)
const apply = (id: string | number, options: string[]) => api('POST', `/api/controllers/${id}/apply`, { token, body: { options } })
const terms = (body: Record<string, unknown>) => api('POST', `/api/controllers/${pmx2.id}/option-terms`, { token: staff, body })

describe('a free trial, as the controller page shows it', () => {
  test('offered on a controller that enforces end dates; started: available until its end, days left, no more offer', async () => {
    const catalogue = await listOptionsOnSale(payload, 'en')
    expect(trialOffers(await mine(pmx2.id), catalogue).map((o) => [o.code, o.days])).toEqual([['THC', 14]])
    // Shown (disabled, with the reason) on a PMX1 controller too: the catalogue offers it, the controller cannot take it.
    expect(trialOffers(await mine(pmx1.id), catalogue).map((o) => o.code)).toEqual(['THC'])

    const before = Date.now()
    const started = await api('POST', `/api/controllers/${pmx2.id}/trials`, { token, body: { option: 'THC' } })
    expect(started.status).toBe(201)
    const until = new Date(started.body.until).getTime()
    expect(until).toBeGreaterThanOrEqual(before + 14 * DAY_MS)
    expect(until).toBeLessThanOrEqual(Date.now() + 14 * DAY_MS)

    const c = await mine(pmx2.id)
    expect(rowOf(c, 'THC')).toMatchObject({ state: 'available', source: 'trial', until: started.body.until, daysLeft: 14, licenseNeeded: false })
    expect(trialOffers(c, catalogue)).toEqual([])
  })

  test('a second try while it runs is refused with the reason', async () => {
    const again = await api('POST', `/api/controllers/${pmx2.id}/trials`, { token, body: { option: 'THC' } })
    expect(again.status).toBe(422)
    expect(again.body.errors[0].message).toMatch(/already has option THC/)
  })

  test('a PMX1 controller is refused with the end-dates reason the page words in the reader’s language', async () => {
    const refused = await api('POST', `/api/controllers/${pmx1.id}/trials`, { token, body: { option: 'THC' } })
    expect(refused.status).toBe(422)
    expect(refused.body.errors[0]).toMatchObject({ message: END_DATES_UNSUPPORTED, data: { reason: 'end-dates-unsupported' } })
    expect(en.controller.endDatesUnsupported).toBe(END_DATES_UNSUPPORTED)
    expect(ru.controller.endDatesUnsupported).toMatch(/PMX2-/)
  })
})

describe('license needed: the controller holds other dates than it is entitled to', () => {
  test('after Apply the dates agree; an extension by staff needs a new license until Apply', async () => {
    expect((await apply(pmx2.id, ['THC'])).status).toBe(201)
    let c = await mine(pmx2.id)
    expect(rowOf(c, 'THC')).toMatchObject({ state: 'active', daysLeft: 14, licenseNeeded: false })

    const later = addDays(new Date(), 40).toISOString()
    const extended = await terms({ action: 'grant', option: 'THC', until: later, reason: 'fair demo' })
    expect(extended.status).toBe(200)
    c = await mine(pmx2.id)
    expect(rowOf(c, 'THC')).toMatchObject({ state: 'active', until: later, daysLeft: 40, licenseNeeded: true })

    expect((await apply(pmx2.id, ['THC'])).status).toBe(201)
    expect(rowOf(await mine(pmx2.id), 'THC')).toMatchObject({ state: 'active', until: later, licenseNeeded: false })
  })

  test('firmware updates: until when, days left, a plan to renew, and a license needed once staff change the date', async () => {
    const catalogue = await listOptionsOnSale(payload, 'en')
    let c = await mine(pmx2.id)
    expect(updatesCover(c)).toEqual({ until: null, ended: false, daysLeft: null, licenseNeeded: false })
    expect(buyOffers(c, catalogue).map((o) => o.code)).not.toContain('UPDATES') // no limit: no plan to buy

    const until = addDays(new Date(), 10).toISOString()
    expect((await terms({ action: 'maintenance', until, reason: 'support contract' })).status).toBe(200)
    c = await mine(pmx2.id)
    expect(updatesCover(c)).toEqual({ until, ended: false, daysLeft: 10, licenseNeeded: true })
    expect(updatePlanFor(c, catalogue)?.code).toBe('UPDATES')
    expect(buyOffers(c, catalogue).find((o) => o.code === 'UPDATES')).toMatchObject({ kind: 'updates', outright: null, runsUntil: until, periods: [{ months: 12 }, { months: 24 }] })

    expect((await apply(pmx2.id, ['THC'])).status).toBe(201)
    expect(updatesCover(await mine(pmx2.id)).licenseNeeded).toBe(false)
    // A format 1 controller's license carries no updates date, so it never needs one for it.
    expect(updatesCover({ ...(await mine(pmx1.id)), maintenanceUntil: until, licenseSequence: 1 }).licenseNeeded).toBe(false)
  })

  test('at a later time the same row has ended: no days left, nothing to license', async () => {
    const c = await mine(pmx2.id)
    const end = rowOf(c, 'THC')?.until as string
    expect(rowOf(c, 'THC', new Date(new Date(end).getTime() + 1))).toMatchObject({ state: 'ended', until: end, daysLeft: null, licenseNeeded: false })
    expect(rowOf(c, 'THC', new Date(new Date(end).getTime() - DAY_MS / 2))).toMatchObject({ state: 'active', daysLeft: 1 })
  })
})

describe('ended, and bought or rented again', () => {
  test('ended by staff: shown as ended with its date, a license needed until Apply, offered on the buy page, and no second trial (409 with the reason)', async () => {
    const catalogue = await listOptionsOnSale(payload, 'en')
    expect((await terms({ action: 'end', option: 'THC', reason: 'chargeback' })).status).toBe(200)
    const c = await mine(pmx2.id)
    const row = rowOf(c, 'THC')
    // The latest license still runs THC until its old end: Apply takes it out.
    expect(row).toMatchObject({ state: 'ended', daysLeft: null, licenseNeeded: true })
    expect(new Date(row?.until ?? 0).getTime()).toBeLessThanOrEqual(Date.now())
    expect(trialOffers(c, catalogue)).toEqual([]) // ended after a trial: the page does not offer another
    expect(buyOffers(c, catalogue).find((o) => o.code === 'THC')).toMatchObject({ outright: 29000, periods: [], runsUntil: null })

    expect((await apply(pmx2.id, [])).status).toBe(201)
    expect(rowOf(await mine(pmx2.id), 'THC')).toMatchObject({ state: 'ended', licenseNeeded: false })

    const again = await api('POST', `/api/controllers/${pmx2.id}/trials`, { token, body: { option: 'THC' } })
    expect(again.status).toBe(409)
    expect(again.body.errors[0].message).toBe(`Option THC was tried on controller ${pmx2.serial} before; a trial is once per controller. Buy or rent it to use it again.`)
  })
})

describe('the buy page’s offers and orders with months', () => {
  test('outright and/or rental periods (shortest first), never factory, ordered or owned options', async () => {
    const catalogue = await listOptionsOnSale(payload, 'en')
    const offers = buyOffers(await mine(pmx1.id), catalogue)
    expect(offers.map((o) => [o.code, o.outright, o.periods.map((p) => p.months)])).toEqual([
      ['AXIS4', 49000, [1, 3, 12]],
      ['CAM_LINK', null, [1]],
      ['THC', 29000, []],
    ])
    const ordered = await api('POST', '/api/orders', { token, body: { controller: pmx1.id, items: [{ option: ids.axis }] } })
    expect(ordered.status).toBe(201)
    expect(buyOffers(await mine(pmx1.id), catalogue).map((o) => o.code)).toEqual(['CAM_LINK', 'THC'])
  })

  test('a rental carries its months and its period’s price; a period the option lacks or a PMX1 controller is a 422 with the reason', async () => {
    const rented = await api('POST', '/api/orders', { token, body: { controller: pmx2.id, items: [{ option: ids.axis, months: 3 }] } })
    expect(rented.status).toBe(201)
    expect(rented.body.doc.items.map((i: { code: string; months: number; unitPrice: number }) => [i.code, i.months, i.unitPrice])).toEqual([['AXIS4', 3, 12900]])
    const wrong = await api('POST', '/api/orders', { token, body: { controller: pmx2.id, items: [{ option: ids.rentOnly, months: 2 }] } })
    expect([wrong.status, wrong.body.errors[0].message]).toEqual([422, 'Option CAM_LINK can be rented for 1 month, not for 2 months.'])
    const pmx1Rental = await api('POST', '/api/orders', { token, body: { controller: pmx1.id, items: [{ option: ids.rentOnly, months: 1 }] } })
    expect([pmx1Rental.status, pmx1Rental.body.errors[0].message]).toEqual([422, END_DATES_UNSUPPORTED])
  })
})

describe('the back office', () => {
  test('the controllers CSV has each dated option with its state and end, and the firmware-updates end', async () => {
    const res = await api('GET', `/api/controllers/export.csv?where[serial][equals]=${pmx2.serial}`, { token: staff })
    expect(res.status).toBe(200)
    const [header, row] = res.text.trim().split(/\r?\n/)
    expect(header.split(',').slice(-2)).toEqual(['datedOptions', 'maintenanceUntil'])
    const stored = await payload.findByID({ collection: 'controllers', id: pmx2.id, depth: 0, overrideAccess: true })
    const thcEnd = stored.entitlements?.find((e) => String(e.option) === String(ids.thc))?.until?.slice(0, 10)
    expect(row).toContain(`THC ended on ${thcEnd}`)
    expect(row).toContain(stored.maintenanceUntil ?? 'missing')
    const now = new Date('2027-01-15T00:00:00.000Z')
    expect(
      datedOptionsText(
        [
          { option: { id: 1, code: 'THC', name: 'THC', price: 0, currency: 'EUR', modelIds: [3], updatedAt: '', createdAt: '' }, state: 'active', until: '2027-01-31T23:59:59.999Z' },
          { option: { id: 2, code: 'AXIS4', name: 'AXIS4', price: 0, currency: 'EUR', modelIds: [3], updatedAt: '', createdAt: '' }, state: 'active', until: '2026-11-30T10:00:00.000Z' },
          { option: 3, state: 'active', until: null },
        ],
        now,
      ),
    ).toBe('THC active until 2027-01-31; AXIS4 ended on 2026-11-30')
  })

  test('"Ending in the next 14 days": dated options and update cover ending soon, with a link that lists those controllers', async () => {
    const soon = addDays(new Date(), 5).toISOString()
    expect((await terms({ action: 'grant', option: 'CAM_LINK', until: soon, reason: 'trade fair' })).status).toBe(200)
    const card = await endingSoon(payload, staffUser)
    expect(card.title).toBe('Ending in the next 14 days')
    expect(card.value).toBe('2') // CAM_LINK in 5 days, firmware updates in 10; THC has ended
    const updatesEnd = (await payload.findByID({ collection: 'controllers', id: pmx2.id, depth: 0, overrideAccess: true })).maintenanceUntil ?? ''
    expect(card.detail).toEqual(['1 dated option · 1 update plan', `CAM_LINK on ${pmx2.serial}: ${soon.slice(0, 10)}`, `Firmware updates of ${pmx2.serial}: ${updatesEnd.slice(0, 10)}`])
    // The link's filter, asked of the API the admin list uses, lists exactly that controller.
    const query = card.href.split('?')[1]
    const listed = await api('GET', `/api/controllers?${query}&depth=0`, { token: staff })
    expect(listed.status).toBe(200)
    expect(listed.body.docs.map((d: { serial: string }) => d.serial)).toEqual([pmx2.serial])
    // The card reads with the user's rights: another customer's controllers are not counted.
    expect((await endingSoon(payload, await createUser(payload, 'customer'))).value).toBe('0')
  })
})

test('days left in Russian take the right plural form', () => {
  expect([1, 2, 5, 14, 21, 22].map((n) => plural('ru', ru.controller.daysLeft, n))).toEqual([
    'остался 1 день',
    'осталось 2 дня',
    'осталось 5 дней',
    'осталось 14 дней',
    'остался 21 день',
    'осталось 22 дня',
  ])
  expect([1, 14].map((n) => plural('en', en.controller.daysLeft, n))).toEqual(['1 day left', '14 days left'])
})
