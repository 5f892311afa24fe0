/**
 * The two issuance stores (src/domain/issuance/) against one contract, on the real SQLite database:
 * the raw-SQL store that SQLite uses and the adapter store that MongoDB uses. Both are driven through
 * issueLicense (the Local API, no HTTP), and what they stored is read back through Payload.
 */
import type { Payload } from 'payload'
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'

import { issueLicense } from '@/domain/issue-license'
import { adapterIssuanceStore } from '@/db/issuance/mongodb'
import { ISSUANCE_SQL, sqliteIssuanceStore } from '@/db/issuance/sqlite'
import type { IssuanceStore } from '@/db/issuance/store'
import { publishedKeys } from '@/domain/signing-keys'
import { verifyLicenseWithForge } from '@/licensing'
import { paidFor } from '../support/entitlements'
import { createController, createOption } from '../support/licensing-fixtures'
import { startTestServer, type TestServer } from '../support/server'
import { createUser } from '../support/users'

let server: TestServer
beforeAll(async () => {
  // No job runner: the queued e-mails stay in the jobs table for the tests to read.
  server = await startTestServer({ JOBS_IN_PROCESS: 'false' })
})
afterAll(async () => {
  await server?.close()
})

/** A customer's controller with one factory option, two paid options and one awaiting payment. */
async function setup() {
  const payload = server.payload
  const owner = await createUser(payload, 'customer')
  const [factory, thc, axis, unpaid] = await Promise.all([createOption(payload), createOption(payload), createOption(payload), createOption(payload)])
  const grantedAt = new Date(Date.now() - 60_000).toISOString()
  const controller = await createController(payload, {
    owner: owner.id,
    factoryOptions: [factory.id],
    entitlements: [
      { option: thc.id, state: 'available', grantedAt },
      { option: axis.id, state: 'available', grantedAt },
      { option: unpaid.id, state: 'awaiting_payment', grantedAt },
    ],
  })
  await paidFor(payload, controller, [thc, axis])
  const codes = { factory: factory.code as string, thc: thc.code as string, axis: axis.code as string, unpaid: unpaid.code as string }
  return { owner, controller, codes }
}

const issue = (store: IssuanceStore, controllerId: string | number, options: string[], owner?: { id: string | number; email?: string }) =>
  issueLicense(server.payload, { controllerId, options, issuedBy: owner?.id ?? null, issuedByLabel: owner?.email, onlyIfOwnedBy: owner?.id }, store)

async function storedController(id: string | number) {
  return server.payload.findByID({ collection: 'controllers', id, depth: 1, overrideAccess: true })
}

/** The queued "new license" e-mails to `to`, oldest first. */
async function queuedLicenseMails(to: string) {
  const jobs = await server.payload.find({ collection: 'payload-jobs', where: { taskSlug: { equals: 'sendEmail' } }, sort: 'createdAt', limit: 0, pagination: false, overrideAccess: true })
  return (jobs.docs as unknown as { input: { template: string; to: string; context: Record<string, unknown> } }[])
    .map((j) => j.input)
    .filter((i) => i.to === to && i.template === 'license-issued')
}

async function storedLicenses(controllerId: string | number) {
  const found = await server.payload.find({ collection: 'licenses', where: { controller: { equals: controllerId } }, sort: 'sequence', limit: 100, overrideAccess: true })
  return found.docs
}

const stores: [string, (payload: Payload) => IssuanceStore][] = [
  ['SQLite store (raw SQL, one transaction)', sqliteIssuanceStore],
  ['adapter store (payload.db, as on MongoDB)', adapterIssuanceStore],
]

describe.each(stores)('%s', (_name, makeStore) => {
  test('issues the next license: stored with its options and audit entry, the option states switched', async () => {
    const store = makeStore(server.payload)
    const { owner, controller, codes } = await setup()
    const before = await storedController(controller.id)

    const first = await issue(store, controller.id, [codes.thc], owner)
    expect(first).toMatchObject({ sequence: 1, options: [codes.factory, codes.thc].sort() })
    const [license] = await storedLicenses(controller.id)
    expect(license).toMatchObject({ id: first.id, sequence: 1, serial: controller.serial, options: first.options })
    expect((license.issuedBy as { id?: unknown } | null)?.id ?? license.issuedBy).toEqual(owner.id)
    const verified = verifyLicenseWithForge(license.file as string, await publishedKeys(server.payload), { hardwareId: controller.hardwareId as string })
    expect(verified).toMatchObject({ ok: true, payload: { sequence: 1, options: first.options, serial: controller.serial } })

    const audit = await server.payload.find({ collection: 'audit-events', where: { and: [{ action: { equals: 'license.issued' } }, { subjectId: { equals: String(first.id) } }] }, overrideAccess: true })
    expect(audit.docs).toHaveLength(1)
    expect(audit.docs[0]).toMatchObject({ subjectCollection: 'licenses', actorLabel: owner.email, after: { controller: controller.id, sequence: 1, options: first.options } })

    const after = await storedController(controller.id)
    expect(after.licenseSequence).toBe(1)
    const rows = after.entitlements as { id: string; state: string; activatedAt?: string | null; grantedAt?: string | null }[]
    const beforeRows = before.entitlements as typeof rows
    expect(rows.map((r) => r.id)).toEqual(beforeRows.map((r) => r.id)) // rows keep their ids and order
    expect(rows.map((r) => r.state)).toEqual(['active', 'available', 'awaiting_payment'])
    expect(rows[0].activatedAt).toBeTruthy()
    expect(rows.map((r) => r.grantedAt)).toEqual(beforeRows.map((r) => r.grantedAt))
    expect((after.factoryOptions as { code: string }[]).map((o) => o.code)).toEqual([codes.factory])

    const mails = await queuedLicenseMails(owner.email as string)
    expect(mails).toEqual([expect.objectContaining({ context: expect.objectContaining({ serial: controller.serial, sequence: 1, options: first.options, controllerId: String(controller.id) }) })])
  })

  test('the next licenses switch options on and off; an option left on keeps its activation time', async () => {
    const store = makeStore(server.payload)
    const { owner, controller, codes } = await setup()
    await issue(store, controller.id, [codes.thc], owner)
    const activatedAt = ((await storedController(controller.id)).entitlements as { activatedAt: string }[])[0].activatedAt

    const second = await issue(store, controller.id, [codes.thc, codes.axis], owner)
    expect(second).toMatchObject({ sequence: 2, options: [codes.axis, codes.factory, codes.thc].sort() })
    let rows = (await storedController(controller.id)).entitlements as { state: string; activatedAt?: string | null }[]
    expect(rows.map((r) => r.state)).toEqual(['active', 'active', 'awaiting_payment'])
    expect(rows[0].activatedAt).toBe(activatedAt)

    const third = await issue(store, controller.id, [], owner)
    expect(third).toMatchObject({ sequence: 3, options: [codes.factory] })
    rows = (await storedController(controller.id)).entitlements as typeof rows
    expect(rows.map((r) => r.state)).toEqual(['available', 'available', 'awaiting_payment'])
    expect(rows.map((r) => r.activatedAt ?? null)).toEqual([null, null, null])
    expect((await storedLicenses(controller.id)).map((l) => [l.sequence, l.options])).toEqual([
      [1, [codes.factory, codes.thc].sort()],
      [2, [codes.axis, codes.factory, codes.thc].sort()],
      [3, [codes.factory]],
    ])
    expect((await storedController(controller.id)).licenseSequence).toBe(3)
  })

  test('refusals store nothing: an option not bought, one awaiting payment, another customer’s controller', async () => {
    const store = makeStore(server.payload)
    const { owner, controller, codes } = await setup()
    const stranger = await createUser(server.payload, 'customer')
    await expect(issue(store, controller.id, ['NOPE'], owner)).rejects.toMatchObject({ status: 422, message: expect.stringContaining('buy it first') })
    await expect(issue(store, controller.id, [codes.unpaid], owner)).rejects.toMatchObject({ status: 422, message: expect.stringContaining('bill is paid') })
    await expect(issue(store, controller.id, [codes.thc], stranger)).rejects.toMatchObject({ status: 404 })
    const id = controller.id as string | number
    const missing = typeof id === 'number' ? id + 1_000_000 : id.slice(0, -1) + (id.endsWith('0') ? '1' : '0') // a well-formed id nobody has
    await expect(issue(store, missing, [], owner)).rejects.toMatchObject({ status: 404 })
    expect(await storedLicenses(controller.id)).toHaveLength(0)
    expect((await storedController(controller.id)).licenseSequence ?? 0).toBe(0)
    expect(await queuedLicenseMails(owner.email as string)).toEqual([])
  })

  test('parallel issuances on one controller take sequences 1…10 without a gap', async () => {
    const store = makeStore(server.payload)
    const { owner, controller, codes } = await setup()
    const issued = await Promise.all(Array.from({ length: 10 }, (_, i) => issue(store, controller.id, i % 2 ? [codes.thc] : [], owner)))
    expect(issued.map((l) => l.sequence).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect((await storedLicenses(controller.id)).map((l) => l.sequence)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    expect((await storedController(controller.id)).licenseSequence).toBe(10)
  })

  test('a counter left behind (a crash between separate writes): the next license still takes the next sequence', async () => {
    const store = makeStore(server.payload)
    const { owner, controller } = await setup()
    await issue(store, controller.id, [], owner)
    await issue(store, controller.id, [], owner)
    await server.payload.db.updateOne({ collection: 'controllers', id: controller.id, data: { licenseSequence: 1 }, returning: false } as never)
    expect((await issue(store, controller.id, [], owner)).sequence).toBe(3)
    expect((await storedLicenses(controller.id)).map((l) => l.sequence)).toEqual([1, 2, 3])
    expect((await storedController(controller.id)).licenseSequence).toBe(3)
  })
})

test('both stores read a controller the same way', async () => {
  const { controller, codes } = await setup()
  const sql = await sqliteIssuanceStore(server.payload).readController(controller.id)
  const adapter = await adapterIssuanceStore(server.payload).readController(controller.id)
  expect(sql).toEqual(adapter)
  expect(sql).toMatchObject({ id: controller.id, serial: controller.serial, licenseSequence: 0, factoryCodes: [codes.factory] })
  expect(sql?.entitlements.map((e) => [e.code, e.state])).toEqual([
    [codes.thc, 'available'],
    [codes.axis, 'available'],
    [codes.unpaid, 'awaiting_payment'],
  ])
  expect(await sqliteIssuanceStore(server.payload).readController(-1)).toBeNull()
})

test('SQLite store: a write that fails half way leaves nothing behind, not even the e-mail (one transaction)', async () => {
  const { owner, controller, codes } = await setup()
  const client = (server.payload.db as unknown as { client: { execute: (sql: string) => Promise<unknown> } }).client
  // The audit entry is the third write of the transaction, after the license and its option rows.
  await client.execute(`create temp trigger refuse_audit before insert on audit_events begin select raise(abort, 'audit refused by the test'); end`)
  try {
    await expect(issue(sqliteIssuanceStore(server.payload), controller.id, [codes.thc], owner)).rejects.toThrow(/audit refused by the test/)
  } finally {
    await client.execute('drop trigger refuse_audit')
  }
  expect(await storedLicenses(controller.id)).toHaveLength(0)
  const after = await storedController(controller.id)
  expect(after.licenseSequence ?? 0).toBe(0)
  expect((after.entitlements as { state: string }[]).map((e) => e.state)).toEqual(['available', 'available', 'awaiting_payment'])
  expect(await queuedLicenseMails(owner.email as string)).toEqual([])
  const texts = await client.execute(`select count(*) as n from licenses_texts where parent_id not in (select id from licenses)`)
  expect((texts as { rows: { n: number }[] }).rows[0].n).toBe(0)
  // And the controller is not stuck: the next issuance takes sequence 1.
  expect((await issue(sqliteIssuanceStore(server.payload), controller.id, [codes.thc], owner)).sequence).toBe(1)
})

test('SQLite store: no statement scans a whole table (query plans)', async () => {
  const client = (server.payload.db as unknown as { client: { execute: (s: { sql: string; args: unknown[] }) => Promise<{ rows: Record<string, unknown>[] }> } }).client
  for (const [name, sql] of Object.entries(ISSUANCE_SQL)) {
    const args = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => 1)
    const plan = (await client.execute({ sql: `explain query plan ${sql}`, args })).rows.map((r) => String(r.detail))
    // SCANs of a subquery's rows (a CO-ROUTINE, itself planned above) or of json_each (`j`, the codes
    // given) read no table; any other SCAN reads a whole table or index. So does a SEARCH that uses no
    // key (SQLite's wording for an aggregate over a scan, e.g. max() with an unindexed filter).
    const notTables = new Set(['j', ...plan.map((d) => /^CO-ROUTINE (\S+)/.exec(d)?.[1]).filter(Boolean)])
    const scans = plan.filter((d) => (/^SCAN /.test(d) && !notTables.has(d.split(' ')[1])) || /^SEARCH \S+$/.test(d))
    expect([name, scans]).toEqual([name, []])
  }
})
