/**
 * The portal's controller reads (src/portal/queries/controllers.ts) read at the adapter level for
 * speed: they must show a reader exactly what the collections' access rules would — their own
 * controllers and licenses only (staff included: the portal is their own account too), the fields the
 * pages show and no staff-only ones, and every option their controllers carry with its name in the
 * reader's language (Payload's fallback locale where a translation is missing).
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import type { Payload } from 'payload'

import { issueLicense } from '@/domain/issue-license'
import { getMyController, listLicenses, listMyControllers, listOptionsOnSale, optionCounts, optionRows } from '@/portal/queries/controllers'
import type { PortalUser } from '@/portal/queries/session'
import { paidFor } from '../support/entitlements'
import { bootPayload, type TestContext } from '../support/payload'
import { createController, createOption } from '../support/licensing-fixtures'
import { createUser } from '../support/users'

let ctx: TestContext
let payload: Payload
let me: PortalUser
let victim: PortalUser
let staff: PortalUser
const ids: Record<string, string | number> = {}

const portalUser = (u: unknown) => ({ ...(u as object), collection: 'users' }) as PortalUser

beforeAll(async () => {
  ctx = await bootPayload()
  payload = ctx.payload
  const thc = await createOption(payload, { code: 'THC', name: 'Tangential control' })
  await payload.update({ collection: 'options', id: thc.id, locale: 'ru', overrideAccess: true, data: { name: 'Тангенциальное управление' } as never })
  const axis = await createOption(payload, { code: 'AXIS4', name: 'Fourth axis' }) // no Russian name: falls back to English
  const basic = await createOption(payload, { code: 'BASIC_IO', name: 'Basic I/O', onSale: false }) // factory only, not on sale
  Object.assign(ids, { thc: thc.id, axis: axis.id, basic: basic.id })
  me = portalUser(await createUser(payload, 'customer'))
  victim = portalUser(await createUser(payload, 'customer'))
  staff = portalUser(await createUser(payload, 'manager'))
  const mine = await createController(payload, { owner: me.id, notes: 'staff only', factoryOptions: [basic.id] })
  const order = await payload.create({
    collection: 'orders',
    overrideAccess: true,
    data: { number: 'PMX-2099-700001', customer: me.id, controller: mine.id, items: [{ option: thc.id, code: 'THC', unitPrice: 100, currency: 'EUR' }], total: 100, currency: 'EUR', status: 'awaiting_payment' } as never,
  })
  await payload.update({
    collection: 'controllers',
    id: mine.id,
    overrideAccess: true,
    data: { entitlements: [{ option: thc.id, state: 'active', order: order.id }, { option: axis.id, state: 'available' }] } as never,
  })
  const mineToo = await createController(payload, { owner: me.id })
  const theirs = await createController(payload, { owner: victim.id, notes: 'staff only', entitlements: [{ option: thc.id, state: 'active' }] })
  Object.assign(ids, { mine: mine.id, mineToo: mineToo.id, theirs: theirs.id, order: order.id })
  await paidFor(payload, mine, [thc])
  await paidFor(payload, theirs, [thc])
  await issueLicense(payload, { controllerId: mine.id, options: ['THC'] })
  await issueLicense(payload, { controllerId: theirs.id, options: ['THC'] })
})
afterAll(async () => {
  await ctx?.stop()
})

describe('My controllers (listMyControllers)', () => {
  test('the reader’s own controllers only, by serial, with the listed fields and nothing staff-only', async () => {
    const list = await listMyControllers(payload, me)
    expect(list.map((c) => c.id)).toEqual([ids.mine, ids.mineToo])
    const [c] = list
    expect(c).toMatchObject({ model: 'PUMOTIX NC-300', licenseSequence: 1 })
    for (const hidden of ['notes', 'ownerEmail', 'owner', 'hardwareId']) expect({ hidden, value: (c as never)[hidden] }).toEqual({ hidden, value: undefined })
    expect(optionCounts(c)).toEqual({ active: 2, available: 1 }) // factory BASIC_IO + active THC; AXIS4 available
  })

  test('staff see only their own account’s controllers in the portal (none here)', async () => {
    expect(await listMyControllers(payload, staff)).toEqual([])
  })
})

describe('one controller (getMyController) and its licenses', () => {
  test('another customer’s controller, an unknown id and a malformed one are all “not found”', async () => {
    expect(await getMyController(payload, me, String(ids.theirs), 'en')).toBeNull()
    expect(await getMyController(payload, staff, String(ids.mine), 'en')).toBeNull()
    expect(await getMyController(payload, me, '999999', 'en')).toBeNull()
    expect(await getMyController(payload, me, 'not-an-id', 'en')).toBeNull()
    expect(await getMyController(payload, me, '../1', 'en')).toBeNull()
  })

  test('another customer’s licenses are never listed, even by their controller’s id', async () => {
    expect(await listLicenses(payload, me, ids.theirs)).toEqual([])
    expect((await listLicenses(payload, victim, ids.theirs)).map((l) => l.sequence)).toEqual([1])
    expect((await listLicenses(payload, me, ids.mine)).map((l) => ({ sequence: l.sequence, options: l.options }))).toEqual([{ sequence: 1, options: ['BASIC_IO', 'THC'] }]) // factory options are in every license
  })

  test('own controller: its facts, no staff-only fields, every option it carries named (off-sale factory option too), orders by id', async () => {
    const c = await getMyController(payload, me, String(ids.mine), 'en')
    expect(c).not.toBeNull()
    expect(c!.hardwareId).toMatch(/^[0-9a-f]{32}$/)
    for (const hidden of ['notes', 'ownerEmail', 'owner']) expect({ hidden, value: (c as never)[hidden] }).toEqual({ hidden, value: undefined })
    const rows = optionRows(c!).map(({ code, name, state, orderId }) => ({ code, name, state, orderId }))
    expect(rows).toEqual([
      { code: 'AXIS4', name: 'Fourth axis', state: 'available', orderId: undefined },
      { code: 'BASIC_IO', name: 'Basic I/O', state: 'factory', orderId: undefined },
      { code: 'THC', name: 'Tangential control', state: 'active', orderId: ids.order },
    ])
  })

  test('option names in the reader’s language, English where there is no translation', async () => {
    const c = await getMyController(payload, me, String(ids.mine), 'ru')
    const names = Object.fromEntries(optionRows(c!).map((r) => [r.code, r.name]))
    expect(names).toEqual({ THC: 'Тангенциальное управление', AXIS4: 'Fourth axis', BASIC_IO: 'Basic I/O' })
  })

  test('after a transfer the former owner sees neither the controller nor its licenses', async () => {
    await payload.update({ collection: 'controllers', id: ids.mineToo, overrideAccess: true, data: { owner: victim.id } as never })
    expect((await listMyControllers(payload, me)).map((c) => c.id)).toEqual([ids.mine])
    expect(await getMyController(payload, me, String(ids.mineToo), 'en')).toBeNull()
    expect((await listMyControllers(payload, victim)).map((c) => c.id).sort()).toEqual([ids.mineToo, ids.theirs].sort())
  })
})

test('options on sale: the catalogue anyone may read, without off-sale ones', async () => {
  expect((await listOptionsOnSale(payload, 'en')).map((o) => o.code)).toEqual(['AXIS4', 'THC'])
})
