/** What the dated-option tests share: PMX2 controllers that enforce end dates, trials, rentals, and sweeps run as jobs. */
import type { Payload } from 'payload'

import type { Api } from '../support/http'
import { login } from '../support/http'
import { createController, createOption, requestCodeV2For } from '../support/licensing-fixtures'
import { createUser, TEST_PASSWORD } from '../support/users'

export const DAY = 86_400_000

/** An option with a free trial and rental periods (1 and 3 months), also sold outright. */
export const datedOption = (payload: Payload, overrides: Record<string, unknown> = {}) =>
  createOption(payload, { trialDays: 14, rentalPeriods: [{ months: 1, price: 1500 }, { months: 3, price: 4000 }], sellOutright: true, ...overrides })

/** A customer (in `language`) with a token. */
export async function customer(payload: Payload, api: Api, language: 'en' | 'ru' = 'en') {
  const user = await createUser(payload, 'customer', { language })
  return { user, token: await login(api, user.email, TEST_PASSWORD) }
}

/** A controller claimed by the customer with a PMX2 code that says it enforces end dates. */
export async function claimedController(payload: Payload, api: Api, token: string) {
  const controller = await createController(payload)
  const res = await api('POST', '/api/controllers/claim', { token, body: { requestCode: requestCodeV2For(controller, { enforcesOptionEndDates: true }) } })
  if (res.status !== 200) throw new Error(`claim failed: ${res.status} ${res.text}`)
  return controller
}

/** Starts the free trial of `code` through the API; returns its end. */
export async function startTrial(api: Api, token: string, controllerId: string | number, code: string): Promise<string> {
  const res = await api('POST', `/api/controllers/${controllerId}/trials`, { token, body: { option: code } })
  if (res.status !== 201) throw new Error(`trial failed: ${res.status} ${res.text}`)
  return res.body.until
}

/** Orders a rental of `months` and has staff mark it paid; returns the row's new end. */
export async function rentAndPay(payload: Payload, api: Api, token: string, staffToken: string, controllerId: string | number, optionId: string | number, months: number): Promise<string> {
  const order = await api('POST', '/api/orders', { token, body: { controller: controllerId, items: [{ option: optionId, months }] } })
  if (order.status !== 201) throw new Error(`order failed: ${order.status} ${order.text}`)
  const paid = await api('PATCH', `/api/orders/${order.body.doc.id}`, { token: staffToken, body: { status: 'paid', paymentReference: `REF-${order.body.doc.number}` } })
  if (paid.status !== 200) throw new Error(`payment failed: ${paid.status} ${paid.text}`)
  const row = await entitlementRow(payload, controllerId, optionId)
  if (!row?.until) throw new Error('the rental has no end')
  return row.until
}

export async function entitlementRow(payload: Payload, controllerId: string | number, optionId: string | number) {
  const c = await payload.findByID({ collection: 'controllers', id: controllerId, depth: 0, overrideAccess: true })
  return (c.entitlements ?? []).find((e) => String(e.option) === String(optionId))
}

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined | false | null>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await probe()
    if (v) return v
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((r) => setTimeout(r, 25))
  }
}

/**
 * Queues a sweep as of `now` for the running job runner and waits until it and the pages it queued have
 * run (completed jobs are deleted; the chain's next run is the one left, waiting with waitUntil).
 */
export async function sweepAt(payload: Payload, now: Date | string | number, input: { pageSize?: number; fullAt?: string } = {}): Promise<void> {
  await payload.jobs.queue({ task: 'datedOptionsSweep', input: { now: new Date(now).toISOString(), ...input } })
  await waitFor(`the sweep at ${new Date(now).toISOString()}`, async () => {
    const found = await payload.find({ collection: 'payload-jobs', where: { and: [{ taskSlug: { equals: 'datedOptionsSweep' } }, { waitUntil: { exists: false } }] }, depth: 0, overrideAccess: true })
    const failed = found.docs.find((j) => j.hasError)
    if (failed) throw new Error(`the sweep failed: ${JSON.stringify(failed.error)}`)
    return found.docs.length === 0
  })
}

/** Waits until no e-mail job is left in the queue: everything queued so far has been sent. */
export const mailQueueDrained = (payload: Payload) =>
  waitFor('the e-mail queue to drain', async () => (await payload.count({ collection: 'payload-jobs', where: { taskSlug: { equals: 'sendEmail' } }, overrideAccess: true })).totalDocs === 0)
