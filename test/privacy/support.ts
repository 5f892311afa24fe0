/** Helpers of the privacy tests: a customer with controllers of both license formats, orders and licenses; reading ZIP archives with unzip. */
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expect } from '@jest/globals'

import { login } from '../support/http'
import { createController, createOption, requestCodeFor, requestCodeV2For } from '../support/licensing-fixtures'
import type { TestServer } from '../support/server'
import { createUser, TEST_PASSWORD } from '../support/users'

export interface Customer {
  user: { id: string | number; email: string; name: string; phone: string }
  token: string
  controllers: { id: string | number; serial: string; hardwareId: string; format: 1 | 2 }[]
  orders: { id: string | number; number: string }[]
  licenses: number
}

/**
 * A customer who claimed a PMX1 and a PMX2 controller, bought an option for each (one bill paid by
 * staff, one left unpaid), and applied: two licenses on the first controller, one on the second.
 */
export async function customerWithHistory(server: TestServer, overrides: Record<string, unknown> = {}): Promise<Customer> {
  const { payload, api } = server
  const user = await createUser(payload, 'customer', overrides)
  const manager = await createUser(payload, 'manager')
  const staff = await login(api, manager.email, TEST_PASSWORD)
  const token = await login(api, user.email, TEST_PASSWORD)
  const paidOption = await createOption(payload, { price: 25000 })
  const unpaidOption = await createOption(payload, { price: 9900 })
  const controllers: Customer['controllers'] = []
  const orders: Customer['orders'] = []
  for (const format of [1, 2] as const) {
    const record = await createController(payload)
    const code = format === 1 ? requestCodeFor(record) : requestCodeV2For(record)
    expect((await api('POST', '/api/controllers/claim', { token, body: { requestCode: code } })).status).toBe(200)
    controllers.push({ id: record.id, serial: String(record.serial), hardwareId: String(record.hardwareId), format })
  }
  const [first, second] = controllers
  const paid = await api('POST', '/api/orders', { token, body: { controller: first.id, items: [{ option: paidOption.id }] } })
  expect(paid.status).toBe(201)
  orders.push({ id: paid.body.doc.id, number: paid.body.doc.number })
  expect((await api('PATCH', `/api/orders/${paid.body.doc.id}`, { token: staff, body: { status: 'paid', paymentReference: 'REF-1' } })).status).toBe(200)
  const unpaid = await api('POST', '/api/orders', { token, body: { controller: second.id, items: [{ option: unpaidOption.id }] } })
  expect(unpaid.status).toBe(201)
  orders.push({ id: unpaid.body.doc.id, number: unpaid.body.doc.number })
  for (const [controller, options] of [
    [first, []],
    [first, [paidOption.code]],
    [second, []],
  ] as const) {
    const applied = await api('POST', `/api/controllers/${controller.id}/apply`, { token, body: { options } })
    expect(applied.status).toBe(201)
  }
  return { user: { id: user.id, email: user.email, name: user.name, phone: user.phone }, token, controllers, orders, licenses: 3 }
}

/** A ZIP archive on disk, read with Debian's unzip. */
export class Unzipped {
  readonly file: string
  constructor(archive: Buffer) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-export-'))
    this.file = path.join(dir, 'export.zip')
    fs.writeFileSync(this.file, archive)
  }
  test(): string {
    return execFileSync('unzip', ['-t', this.file], { encoding: 'utf8' })
  }
  names(): string[] {
    return execFileSync('unzip', ['-Z1', this.file], { encoding: 'utf8' }).trim().split('\n')
  }
  read(name: string): Buffer {
    return execFileSync('unzip', ['-p', this.file, name], { maxBuffer: 64 * 1024 * 1024 })
  }
  json<T = any>(name: string): T {
    return JSON.parse(this.read(name).toString('utf8'))
  }
  remove(): void {
    fs.rmSync(path.dirname(this.file), { recursive: true, force: true })
  }
}

/** GET a binary response with a session token. */
export async function download(server: TestServer, urlPath: string, token?: string): Promise<{ status: number; headers: Headers; body: Buffer }> {
  const res = await fetch(server.url + urlPath, { headers: token ? { authorization: `JWT ${token}` } : {} })
  return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) }
}
