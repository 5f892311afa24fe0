/** Factory registration from CSV: preview, row-by-row errors, all or nothing. */
import crypto from 'node:crypto'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { login } from '../support/http'
import { createController, createOption } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'
import { populated } from '../support/populated'

let server: TestServer
let staff: string
let serial = 3_000_000 + Math.floor(Math.random() * 1_000_000)

beforeAll(async () => {
  server = await startTestServer()
  await createOption(server.payload, { code: 'SPINDLE', modelIds: [3, 5] })
  await createOption(server.payload, { code: 'THC', modelIds: [3] })
  const manager = await createUser(server.payload, 'manager')
  staff = await login(server.api, manager.email, TEST_PASSWORD)
})
afterAll(async () => {
  await server?.close()
})

const hw = () => crypto.randomBytes(16).toString('hex')
const line = (overrides: Partial<Record<'serial' | 'modelId' | 'model' | 'hardwareId' | 'options', string>> = {}) => {
  serial += 1
  const r = { serial: String(serial), modelId: '3', model: 'PUMOTIX NC-300', hardwareId: hw(), options: 'SPINDLE;THC', ...overrides }
  return [r.serial, r.modelId, r.model, r.hardwareId, r.options].join(',')
}
const count = async () => (await server.payload.count({ collection: 'controllers', overrideAccess: true })).totalDocs

describe('POST /api/controllers/import', () => {
  test('one bad row: every error is reported with its line and field, and nothing is created', async () => {
    const before = await count()
    const csv = ['serial,model id,model,hardware id,factory options', line(), line({ hardwareId: 'xyz' }), line({ options: 'SPINDLE NOPE' }), line({ modelId: '70000', model: '' })].join('\n')
    const res = await server.api('POST', '/api/controllers/import', { token: staff, body: { csv } })
    expect(res.status).toBe(422)
    expect(res.body.created).toBe(0)
    expect(res.body.rows).toHaveLength(4)
    expect(res.body.errors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 3, field: 'hardwareId' }),
        expect.objectContaining({ row: 4, field: 'factoryOptions', message: expect.stringContaining('NOPE') }),
        expect.objectContaining({ row: 5, field: 'modelId' }),
        expect.objectContaining({ row: 5, field: 'model' }),
      ]),
    )
    expect(res.body.errors.some((e: { row: number }) => e.row === 2)).toBe(false)
    expect(await count()).toBe(before)
  })

  test('duplicates inside the file and against the database are errors', async () => {
    const existing = await createController(server.payload)
    const dupHw = hw()
    const csv = [line({ hardwareId: dupHw }), line({ hardwareId: dupHw }), line({ serial: existing.serial }), line({ options: 'THC', modelId: '5' })].join('\r\n')
    const res = await server.api('POST', '/api/controllers/import', { token: staff, body: { csv } })
    expect(res.status).toBe(422)
    const fields = res.body.errors.map((e: { row: number; field: string }) => `${e.row}:${e.field}`)
    expect(fields).toEqual(expect.arrayContaining(['2:hardwareId', '3:serial', '4:factoryOptions']))
  })

  test('preview (dryRun) checks everything and writes nothing; import then creates every row', async () => {
    const before = await count()
    const rows = [line(), line({ options: '' }), line({ options: 'spindle thc', hardwareId: hw().toUpperCase().replace(/(..)/g, '$1:').slice(0, -1) })]
    const csv = rows.join('\n') + '\n'
    const preview = await server.api('POST', '/api/controllers/import', { token: staff, body: { csv, dryRun: true } })
    expect(preview.status).toBe(200)
    expect(preview.body).toMatchObject({ errors: [], created: 0, dryRun: true })
    expect(preview.body.rows[2].factoryOptions).toEqual(['SPINDLE', 'THC'])
    expect(await count()).toBe(before)

    const res = await server.api('POST', '/api/controllers/import', { token: staff, body: { csv } })
    expect(res.status).toBe(201)
    expect(res.body.created).toBe(3)
    expect(await count()).toBe(before + 3)
    const first = (await server.payload.find({ collection: 'controllers', where: { serial: { equals: rows[0].split(',')[0] } }, depth: 1, overrideAccess: true })).docs[0]
    expect((first.factoryOptions ?? []).map((o) => populated(o).code).sort()).toEqual(['SPINDLE', 'THC'])
    expect(first.owner ?? null).toBeNull()
  })

  test('the CSV can be sent as text/csv, semicolon-separated with a quoted field', async () => {
    serial += 1
    const csv = `serial;model id;model;hardware id;factory options\n${serial};3;"PUMOTIX NC-300; rev. B";${hw()};SPINDLE THC\n`
    const res = await server.api('POST', '/api/controllers/import', { token: staff, rawBody: csv, headers: { 'content-type': 'text/csv' } })
    expect(res.status).toBe(201)
    const doc = (await server.payload.find({ collection: 'controllers', where: { serial: { equals: String(serial) } }, overrideAccess: true })).docs[0]
    expect(doc.model).toBe('PUMOTIX NC-300; rev. B')
  })

  test('a failure while writing undoes the rows already created', async () => {
    const before = await count()
    // Force a write failure on row 3: its serial gets registered between the check and the write.
    const rows = [line(), line(), line()]
    const racing = rows[2].split(',')[0]
    const original = server.payload.create.bind(server.payload)
    let calls = 0
    ;(server.payload as { create: unknown }).create = async (args: { collection: string }) => {
      if (args.collection === 'controllers' && ++calls === 3) await original({ collection: 'controllers', overrideAccess: true, data: { serial: racing, modelId: 3, model: 'x', hardwareId: hw() } } as never)
      return original(args as never)
    }
    try {
      const res = await server.api('POST', '/api/controllers/import', { token: staff, body: { csv: rows.join('\n') } })
      expect(res.status).toBe(422)
      expect(res.body.created).toBe(0)
      expect(res.body.errors[0]).toMatchObject({ row: 3 })
      expect(res.body.errors[0].message).toMatch(/nothing was imported/)
    } finally {
      ;(server.payload as { create: unknown }).create = original
    }
    expect(await count()).toBe(before + 1) // only the racing controller
  })

  test('customers and editors are refused; empty and malformed bodies get 400', async () => {
    for (const role of ['customer', 'editor'] as const) {
      const u = await createUser(server.payload, role)
      const t = await login(server.api, u.email, TEST_PASSWORD)
      expect((await server.api('POST', '/api/controllers/import', { token: t, body: { csv: line() } })).status).toBe(403)
    }
    expect((await server.api('POST', '/api/controllers/import', { token: staff, body: { csv: '' } })).status).toBe(400)
    expect((await server.api('POST', '/api/controllers/import', { token: staff, body: { csv: 42 } })).status).toBe(400)
    expect((await server.api('POST', '/api/controllers/import', { token: staff, body: { csv: 'serial,model id\n' } })).status).toBe(400)
  })
})
