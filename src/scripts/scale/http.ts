/**
 * The request paths over HTTP on the scale database: the production server as `npm start` runs it
 * (pages and API, the Next.js build in .next-bench, built first when stale) as a child process,
 * sequential requests, p50/p95 — the admin lists and lookups, the customer's API reads, issuance on
 * the big licenses table, and the customer's portal pages.
 */
import { login } from '../bench/login'
import { ensurePagesBuild, startFullServer } from '../bench/pages'
import { pct } from './plans'

export interface HttpFigure {
  name: string
  p50: number
  p95: number
  statuses: string
}

export async function httpFigures(env: Record<string, string>, who: { staffEmail: string; customerEmail: string; password: string; serial: string }, runs = 60): Promise<HttpFigure[]> {
  ensurePagesBuild(env)
  const server = await startFullServer({ ...env, LOG_LEVEL: 'warn', RATE_LIMIT_LOGIN: '1000' })
  try {
    const staff = (await login(server.url, who.staffEmail, who.password)).token
    const customer = await login(server.url, who.customerEmail, who.password)
    const out: HttpFigure[] = []
    /** `runs` sequential requests after 5 unrecorded ones. */
    const measure = async (name: string, path: string, init: () => RequestInit) => {
      const times: number[] = []
      const statuses = new Map<number, number>()
      for (let i = 0; i < runs + 5; i++) {
        const t0 = performance.now()
        const res = await fetch(server.url + path, { redirect: 'manual', ...init() })
        await res.arrayBuffer()
        if (i >= 5) times.push(performance.now() - t0)
        statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1)
      }
      out.push({ name, p50: pct(times, 50), p95: pct(times, 95), statuses: [...statuses].map(([s, n]) => `${s}×${n}`).join(' ') })
    }
    const api = (token: string) => () => ({ headers: { authorization: `JWT ${token}` } })
    const cases: [string, string, string][] = [
      ['GET /api/controllers?where[serial][equals]=… (staff)', `/api/controllers?where[serial][equals]=${who.serial}&depth=0`, staff],
      ['GET /api/controllers?limit=10&sort=-createdAt (staff, admin list)', '/api/controllers?limit=10&sort=-createdAt&depth=1', staff],
      ['GET /api/orders?limit=10&sort=-createdAt (staff, admin list)', '/api/orders?limit=10&sort=-createdAt&depth=1', staff],
      ['GET /api/licenses?limit=10&sort=-createdAt (staff, admin list)', '/api/licenses?limit=10&sort=-createdAt&depth=1', staff],
      ['GET /api/users?limit=10&sort=-createdAt (staff, admin list)', '/api/users?limit=10&sort=-createdAt&depth=1', staff],
      ['GET /api/controllers (customer)', '/api/controllers', customer.token],
      ['GET /api/licenses (customer)', '/api/licenses?limit=10&depth=0', customer.token],
      ['GET /api/orders (customer)', '/api/orders?limit=10&depth=0', customer.token],
    ]
    for (const [name, path, token] of cases) await measure(name, path, api(token))

    // Issuance on the big licenses table: the customer's first controller, one license after another.
    const mine = (await (await fetch(`${server.url}/api/controllers?limit=1&depth=0`, api(customer.token)())).json()) as { docs: { id: string | number }[] }
    const controllerId = mine.docs[0]?.id
    if (controllerId === undefined) throw new Error('the scale customer has no controller')
    await measure('POST /api/controllers/:id/apply (customer)', `/api/controllers/${controllerId}/apply`, () => ({
      method: 'POST',
      headers: { authorization: `JWT ${customer.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ options: [] }),
    }))

    // The customer's portal pages, server-rendered from the same database.
    const page = () => ({ headers: { cookie: customer.cookie, 'sec-fetch-site': 'same-origin' } })
    for (const path of ['/account/controllers', `/account/controllers/${controllerId}`, '/news']) {
      await measure(`page GET ${path.replace(/\/\d+$/, '/:id')} (customer)`, path, page)
    }
    return out
  } finally {
    await server.stop()
  }
}
