/**
 * What a controller may run is never a form field: a manager PATCHing a controller's entitlements (the
 * state "awaiting payment" → "available", the order link, the dates) or its other domain-only fields
 * (owner, license counters, reported format, firmware-update end) changes none of them, so Apply still
 * refuses the unpaid option. Staff change dated rights only through the audited Grant/Extend/End
 * action (POST /api/controllers/:id/option-terms), which still works and keeps the reason.
 */
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { countOf, placeOrder, startBoundary, type Boundary } from '../support/boundary'
import { createOption } from '../support/licensing-fixtures'

let b: Boundary

beforeAll(async () => {
  b = await startBoundary()
  // A controller whose last request code was PMX2 with a trusted clock: it can hold dated options.
  await b.server.payload.update({ collection: 'controllers', id: b.controller.id, overrideAccess: true, data: { licenseFormat: 2, enforcesOptionEndDates: true } })
})
afterAll(async () => {
  await b?.server.close()
})

const stored = () => b.server.payload.findByID({ collection: 'controllers', id: b.controller.id, depth: 0, overrideAccess: true })
const rowOf = async (optionId: string | number) => ((await stored()).entitlements ?? []).find((e) => String(e.option) === String(optionId))

describe('a manager editing the controller form', () => {
  test('cannot make an unpaid option available, nor touch any other domain-only field; Apply still refuses it', async () => {
    const unpaid = await createOption(b.server.payload)
    const order = await placeOrder(b, unpaid.id)
    const before = await stored()
    const row = await rowOf(unpaid.id)
    expect(row).toMatchObject({ state: 'awaiting_payment', source: 'purchase' })
    const future = new Date(Date.now() + 365 * 86400000).toISOString()
    const forgedRows = [{ ...row, state: 'available', order: null, source: 'grant', until: future, grantedAt: new Date().toISOString(), licensedUntil: future }]
    const forged = {
      entitlements: forgedRows,
      owner: b.users.other.id,
      ownerEmail: 'forged@example.test',
      claimedAt: '2020-01-01T00:00:00.000Z',
      licenseSequence: 41,
      installedSequence: 40,
      licenseFormat: 1,
      enforcesOptionEndDates: false,
      revocationListNumber: 7,
      maintenanceUntil: future,
      lastRequestAt: '2020-01-01T00:00:00.000Z',
      factoryOptions: [unpaid.id],
      notes: 'called the customer',
    }
    const spellings = [
      ['PATCH', `/api/controllers/${b.controller.id}`, {}],
      ['PATCH', `/api/controllers/${b.controller.id}?locale=ru&depth=0`, {}],
      ['PATCH', `/api/controllers/${b.controller.id}?depth=0&draft=true`, {}],
      ['PATCH', `/api/controllers?where[id][equals]=${b.controller.id}`, {}],
      ['POST', `/api/controllers/${b.controller.id}?depth=0`, { 'X-HTTP-Method-Override': 'PATCH' }],
    ] as const
    for (const [method, path, headers] of spellings) {
      const res = await b.server.api(method, path, { token: b.tokens.manager, body: forged, headers })
      expect(res.status).toBeLessThan(500)
    }
    const after = await stored()
    // Staff notes are the form's to change; nothing else of the above is.
    expect(after.notes).toBe('called the customer')
    expect(await rowOf(unpaid.id)).toMatchObject({ state: 'awaiting_payment', source: 'purchase', order: order.id, until: null })
    for (const field of ['owner', 'ownerEmail', 'claimedAt', 'licenseSequence', 'installedSequence', 'licenseFormat', 'enforcesOptionEndDates', 'revocationListNumber', 'maintenanceUntil', 'lastRequestAt', 'factoryOptions'] as const) {
      expect({ field, value: after[field] }).toEqual({ field, value: before[field] })
    }

    const licenses = await countOf(b.server.payload, 'licenses')
    const apply = await b.server.api('POST', `/api/controllers/${b.controller.id}/apply`, { token: b.tokens.owner, body: { options: [unpaid.code] } })
    expect(apply.status).toBe(422)
    expect(apply.body.errors[0].message).toMatch(/once its bill is paid/)
    expect(await countOf(b.server.payload, 'licenses')).toBe(licenses)
  })

  test('cannot add an entitlement row either (a new option "granted" through the form)', async () => {
    const extra = await createOption(b.server.payload)
    const rows = ((await stored()).entitlements ?? []).map((e) => ({ ...e }))
    const res = await b.server.api('PATCH', `/api/controllers/${b.controller.id}`, { token: b.tokens.manager, body: { entitlements: [...rows, { option: extra.id, state: 'available', source: 'grant' }] } })
    expect(res.status).toBeLessThan(500)
    expect(await rowOf(extra.id)).toBeUndefined()
  })
})

describe('the audited staff action', () => {
  test('Grant through option-terms still works, needs a reason and is in the audit log with it', async () => {
    const demo = await createOption(b.server.payload)
    const until = new Date(Date.now() + 30 * 86400000).toISOString()
    const path = `/api/controllers/${b.controller.id}/option-terms`
    const noReason = await b.server.api('POST', path, { token: b.tokens.manager, body: { action: 'grant', option: demo.code, until } })
    expect(noReason.status).toBe(400)
    for (const role of ['owner', 'editor'] as const) expect([401, 403]).toContain((await b.server.api('POST', path, { token: b.tokens[role], body: { action: 'grant', option: demo.code, until, reason: 'x' } })).status)
    const granted = await b.server.api('POST', path, { token: b.tokens.manager, body: { action: 'grant', option: demo.code, until, reason: 'Trade fair demo' } })
    expect(granted.status).toBe(200)
    expect(await rowOf(demo.id)).toMatchObject({ state: 'available', source: 'grant' })
    const audit = await b.server.payload.find({ collection: 'audit-events', where: { and: [{ action: { equals: 'option.granted' } }, { subjectId: { equals: String(b.controller.id) } }] }, overrideAccess: true, depth: 0 })
    expect(audit.docs).toHaveLength(1)
    expect(audit.docs[0].summary).toMatch(/Trade fair demo/)
    expect(String(audit.docs[0].actor)).toBe(String(b.users.manager.id))

    const apply = await b.server.api('POST', `/api/controllers/${b.controller.id}/apply`, { token: b.tokens.owner, body: { options: [demo.code] } })
    expect(apply.status).toBe(201)
  })
})
