/**
 * One virtual customer: logs in, then until the deadline picks an action — read a list, claim one of
 * its factory controllers, order options, have the "payment provider" deliver a signed payment
 * (sometimes twice; re-delivered until acknowledged, as providers do), apply options (issue a
 * license), or now and then (5 %) try something hostile (scripts/soak/hostile.ts). Everything the
 * server acknowledged goes into the shared ledger the invariants check.
 */
import crypto from 'node:crypto'

import { signWebhook } from '@/domain/payment-webhook'
import { call, type RouteStats } from './client'
import { hostileRequest } from './hostile'
import type { SoakCustomer, SoakOption } from './setup'

export interface Ledger {
  claims: { controllerId: string | number; email: string }[]
  orders: { id: string | number; number: string; controllerId: string | number }[]
  payments: { paymentId: string; orderNumber: string }[]
  licenses: { id: string | number; controllerId: string | number; sequence: number }[]
  /** Hostile requests sent (scripts/soak/hostile.ts) and those the server let through. */
  hostile: { attempts: number; breaches: string[] }
}

export const newLedger = (): Ledger => ({ claims: [], orders: [], payments: [], licenses: [], hostile: { attempts: 0, breaches: [] } })

interface Context {
  baseUrl: string
  stats: RouteStats
  ledger: Ledger
  options: SoakOption[]
  webhookSecret: string
  deadline: number
  thinkMs: number
  password: string
}

interface Owned {
  id: string | number
  ordered: Set<string>
  paid: Set<string>
}

interface Unpaid {
  number: string
  total: number
  currency: string
  controller: Owned
  codes: string[]
  paymentId: string
  /** Delivered at least once without an acknowledgement (the server went down). */
  unacknowledged?: boolean
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const pick = <T>(xs: T[]): T => xs[Math.floor(Math.random() * xs.length)]

export async function runCustomer(customer: SoakCustomer, ctx: Context): Promise<void> {
  const { stats, ledger } = ctx
  const codes = [...customer.codes]
  const controllers: Owned[] = []
  const unpaid: Unpaid[] = []
  let token = ''
  let myId: string | number = ''

  const api = (route: string, path: string, init: Parameters<typeof call>[4] = {}) => call(stats, ctx.baseUrl, route, path, { token, ...init })

  const logIn = async () => {
    token = ''
    while (!token && Date.now() < ctx.deadline) {
      const r = await api('POST /api/users/login', '/api/users/login', { method: 'POST', body: JSON.stringify({ email: customer.email, password: ctx.password }) })
      if (r.ok && r.status === 200) ({ token, user: { id: myId } } = r.body as { token: string; user: { id: string | number } })
      else await sleep(500)
    }
  }
  await logIn()

  const claim = async () => {
    const code = codes[0]
    const r = await api('POST /api/controllers/claim', '/api/controllers/claim', { method: 'POST', body: JSON.stringify({ requestCode: code }) })
    if (!r.ok) return r
    if (r.status === 200) {
      const id = (r.body as { controller: { id: string | number } }).controller.id
      codes.shift()
      controllers.push({ id, ordered: new Set(), paid: new Set() })
      ledger.claims.push({ controllerId: id, email: customer.email })
    }
    return r
  }

  const order = async () => {
    const c = pick(controllers)
    const free = ctx.options.filter((o) => !c.ordered.has(o.code))
    if (free.length === 0) return null
    const chosen = [...new Set([pick(free), pick(free)])]
    const r = await api('POST /api/orders', '/api/orders', { method: 'POST', body: JSON.stringify({ controller: c.id, items: chosen.map((o) => ({ option: o.id })) }) })
    if (!r.ok) return r
    if (r.status === 201) {
      const doc = (r.body as { doc: { id: string | number; number: string; total: number; currency: string } }).doc
      for (const o of chosen) c.ordered.add(o.code)
      unpaid.push({ number: doc.number, total: doc.total, currency: doc.currency, controller: c, codes: chosen.map((o) => o.code), paymentId: `soak_${crypto.randomUUID()}` })
      ledger.orders.push({ id: doc.id, number: doc.number, controllerId: c.id })
    } else if (r.status === 422) {
      // An earlier order whose answer was lost in an outage already holds the option.
      const code = (r.body as { errors?: { data?: { option?: string } }[] }).errors?.[0]?.data?.option
      if (code) c.ordered.add(code)
    }
    return r
  }

  const deliver = async (u: Unpaid) => {
    const body = JSON.stringify({ event: 'payment.succeeded', paymentId: u.paymentId, orderNumber: u.number, amount: u.total, currency: u.currency })
    return call(stats, ctx.baseUrl, 'POST /api/payments/webhook', '/api/payments/webhook', { method: 'POST', body, headers: { 'x-pumotix-signature': signWebhook(body, ctx.webhookSecret) } })
  }

  const pay = async () => {
    const u = unpaid[0]
    const roll = Math.random()
    // 15 %: two deliveries at once; 10 %: the same payment again right after.
    const results = roll < 0.15 ? await Promise.all([deliver(u), deliver(u)]) : [await deliver(u)]
    if (roll >= 0.15 && roll < 0.25 && results[0].ok) results.push(await deliver(u))
    const acked = results.some((r) => r.ok && r.status === 200)
    if (acked) {
      unpaid.shift()
      for (const code of u.codes) u.controller.paid.add(code)
      ledger.payments.push({ paymentId: u.paymentId, orderNumber: u.number })
    }
    // Not acknowledged (outage): the order stays first in line and the same payment is delivered again.
    else u.unacknowledged = true
    return results.find((r) => !r.ok) ?? results[0]
  }

  const apply = async () => {
    const c = pick(controllers)
    const paid = [...c.paid]
    const chosen = paid.filter(() => Math.random() < 0.7)
    const r = await api('POST /api/controllers/:id/apply', `/api/controllers/${c.id}/apply`, { method: 'POST', body: JSON.stringify({ options: chosen }) })
    if (r.ok && r.status === 201) {
      const l = (r.body as { license: { id: string | number; sequence: number } }).license
      ledger.licenses.push({ id: l.id, controllerId: c.id, sequence: l.sequence })
    }
    return r
  }

  const read = async () => {
    const [route, path] = pick([
      ['GET /api/controllers', '/api/controllers?limit=10&depth=1'],
      ['GET /api/orders', '/api/orders?limit=10&depth=0&sort=-createdAt'],
      ['GET /api/licenses', '/api/licenses?limit=10&depth=0&sort=-createdAt'],
      ['GET /api/options', '/api/options?limit=50&depth=0'],
    ])
    return api(route, path)
  }

  while (token && Date.now() < ctx.deadline) {
    const roll = Math.random()
    let r: Awaited<ReturnType<typeof read>> | null = null
    if (controllers.length === 0 && codes.length) r = await claim()
    else if (roll < 0.05) {
      r = (await hostileRequest(api, ledger, { id: myId, email: customer.email, token, controllers: controllers.map((c) => c.id) }, pick(ctx.options).id)) ?? (await read())
      // The foreign-Origin request is refused with 401 by design: not a lost session.
      if (r.ok && r.status === 401) r = null
    }
    else if (roll < 0.4) r = await read()
    else if (roll < 0.47 && codes.length) r = await claim()
    else if (roll < 0.65 && controllers.length) r = await order()
    else if (roll < 0.8 && unpaid.length) r = await pay()
    else if (controllers.length) r = await apply()
    else r = await read()
    // A session the server no longer knows sends a browser back to the login page: the virtual customer
    // logs in again (the 401 stays in the figures). Before logins were serialised per account, a login
    // retried after a client timeout could lose the session of the one still running.
    if (r?.ok && r.status === 401) await logIn()
    // Back off while the server is down; otherwise a short think time.
    await sleep(r && !r.ok ? 300 + Math.random() * 300 : Math.random() * 2 * ctx.thinkMs)
  }
  // The provider keeps delivering a payment the server never acknowledged after the customers stop (bounded).
  const until = Date.now() + 30_000
  while (unpaid[0]?.unacknowledged && Date.now() < until) {
    const r = await pay()
    if (!r.ok) await sleep(500)
  }
}
