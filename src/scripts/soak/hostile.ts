/**
 * The soak's hostile traffic: now and then a virtual customer tries what test/hardening checks one case
 * at a time, under load and across the kills — another customer's controller, order and license by id
 * (IDOR), a `where` that tries to widen the list beyond their own, and a state change sent with their
 * cookie from a foreign Origin. Any answer that lets one through is a breach; the report's invariants
 * require none.
 */
import type { Outcome } from './client'
import type { Ledger } from './customer'

type Api = (route: string, path: string, init?: { method?: string; body?: string; headers?: Record<string, string>; token?: string }) => Promise<Outcome>

const pick = <T>(xs: T[]): T | undefined => xs[Math.floor(Math.random() * xs.length)]

export async function hostileRequest(api: Api, ledger: Ledger, me: { id: string | number; email: string; token: string; controllers: (string | number)[] }, optionId: string | number): Promise<Outcome | null> {
  const mine = new Set(me.controllers.map(String))
  const theirs = pick(ledger.claims.filter((c) => c.email !== me.email && !mine.has(String(c.controllerId))))
  const theirLicense = pick(ledger.licenses.filter((l) => !mine.has(String(l.controllerId))))
  const breach = (what: string) => ledger.hostile.breaches.push(`${me.email}: ${what}`)
  const count = () => (ledger.hostile.attempts += 1)
  const roll = Math.random()

  if (theirs && roll < 0.2) {
    count()
    const r = await api("hostile: GET another customer's controller", `/api/controllers/${theirs.controllerId}?depth=0`)
    if (r.ok && r.status < 300) breach(`read controller ${theirs.controllerId} of ${theirs.email} (${r.status})`)
    return r
  }
  if (theirs && roll < 0.4) {
    count()
    const r = await api("hostile: POST apply on another customer's controller", `/api/controllers/${theirs.controllerId}/apply`, { method: 'POST', body: JSON.stringify({ options: [] }) })
    if (r.ok && r.status < 300) breach(`issued a license for controller ${theirs.controllerId} of ${theirs.email} (${r.status})`)
    return r
  }
  if (theirs && roll < 0.55) {
    count()
    const r = await api("hostile: POST order for another customer's controller", '/api/orders', { method: 'POST', body: JSON.stringify({ controller: theirs.controllerId, items: [{ option: optionId }] }) })
    if (r.ok && r.status < 300) breach(`ordered for controller ${theirs.controllerId} of ${theirs.email} (${r.status})`)
    return r
  }
  if (theirLicense && roll < 0.7) {
    count()
    const r = await api("hostile: GET another customer's license file", `/api/licenses/${theirLicense.id}/download`)
    if (r.ok && r.status < 300) breach(`downloaded license ${theirLicense.id} (${r.status})`)
    return r
  }
  if (roll < 0.85) {
    count()
    // Widening: everything that is not mine, and an `or` that would match every controller.
    const path = Math.random() < 0.5
      ? `/api/controllers?depth=0&limit=50&where[owner][not_equals]=${me.id}`
      : `/api/controllers?depth=0&limit=50&where[or][0][owner][exists]=true&where[or][1][serial][exists]=true`
    const r = await api('hostile: GET controllers with a widened where', path)
    if (r.ok && r.status === 200) {
      const foreign = ((r.body as { docs?: { id: string | number; owner?: unknown }[] }).docs ?? []).filter((d) => String(d.owner) !== String(me.id))
      if (foreign.length) breach(`a widened where returned ${foreign.length} controller(s) of others, e.g. ${foreign[0].id}`)
    }
    return r
  }
  const own = pick(me.controllers)
  if (own === undefined) return null
  count()
  // The customer's own session cookie, sent by a page on another site (no Authorization header).
  const r = await api('hostile: POST apply from a foreign Origin with the cookie', `/api/controllers/${own}/apply`, {
    method: 'POST',
    body: JSON.stringify({ options: [] }),
    token: '',
    headers: { cookie: `payload-token=${me.token}`, origin: 'https://evil.example' },
  })
  if (r.ok && r.status < 300) breach(`a cross-site apply with the cookie was accepted (${r.status})`)
  return r
}
