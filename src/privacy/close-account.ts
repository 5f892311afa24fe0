/**
 * Closing an account at the person's request (docs/privacy.md): their name, e-mail addresses and phone
 * are erased or replaced everywhere the product keeps them; the records the seller must keep (orders,
 * bills, payments, licenses, the audit log) stay, without them. Controllers go back to unclaimed and
 * keep their licenses and options, so whoever has the hardware next can claim it.
 *
 * Order of the steps: first the account loses its password and sessions (nobody logs in from here on),
 * then every other collection is cleaned while the account still holds the strings to look for — so a
 * closure that stops half-way (a crash) is finished by confirming again or by staff — then the account
 * gets its anonymous name and address and closedAt, then orders and controllers are looked at once more
 * (for a request of the person's that was already under way), then queued e-mails to the old addresses
 * are removed (after the address changed, nothing new is queued to them), and last the audit entry.
 *
 * Everything goes through Payload's database adapter (SQLite and MongoDB alike), below the hooks that
 * keep audit entries append-only and orders' bills unchanged: this is the one rewrite of those records,
 * and it changes only the person's data in them.
 */
import type { AuditEvent as AuditEventDoc, Controller, NewsDelivery, Order, PayloadJob, User } from '@payload-types'
import type { Payload, PayloadRequest, Where } from 'payload'

import { isStaff } from '@/access/roles'
import { recordAudit } from '@/domain/audit'
import { refId, type Id } from '@/domain/documents'
import { conflict, notFound } from '@/domain/errors'
import { withLock } from '@/domain/keyed-mutex'
import { accountLabel, closedEmail, closedLabel, CLOSED_NAME, mentions, personalStrings, scrubJson, scrubText, type PersonalStrings } from './anonymise'

/** How the closure was confirmed: the person followed the e-mailed link, or staff carried it out. */
export type ClosureWay = 'link' | 'staff'

export interface ClosureReport {
  id: Id
  closedAt: string
  controllersReleased: number
  ordersKept: number
  orderVersionsCleaned: number
  licensesKept: number
  newsDeliveriesCleaned: number
  auditEntriesCleaned: number
  jobsRemoved: number
}

const PAGE = 500

/** Accounts with a staff role are not closed this way: an administrator takes the roles away first. */
export function refuseStaffAccount(user: Pick<User, 'id' | 'roles'>): void {
  const staffRoles = (user.roles ?? []).filter((r) => r !== 'customer')
  if (staffRoles.length) {
    throw conflict(`Account ${user.id} has the role${staffRoles.length > 1 ? 's' : ''} ${staffRoles.join(', ')}; an administrator removes ${staffRoles.length > 1 ? 'them' : 'it'} before the account can be closed.`)
  }
}

/** Every document of `collection` matching `where`, page by page in id order (documents may change as we go). */
async function* eachDoc<T extends { id: Id }>(payload: Payload, collection: 'audit-events' | 'payload-jobs', where: Where): AsyncGenerator<T> {
  let after: Id | null = null
  for (;;) {
    const page: { docs: T[] } = await payload.db.find<T>({
      collection,
      where: after === null ? where : { and: [where, { id: { greater_than: after } }] },
      sort: 'id',
      limit: PAGE,
      pagination: false,
    })
    for (const doc of page.docs) yield doc
    if (page.docs.length < PAGE) return
    after = page.docs[page.docs.length - 1].id
  }
}

const containsAny = (field: string, values: string[]): Where[] => values.map((v) => ({ [field]: { contains: v } }))

interface Actor {
  actor: Id | null
  actorLabel?: string
}

/** Releases the account's controllers (and cleans copies of the person's data on others); the ids released. */
async function releaseControllers(payload: Payload, user: User, who: PersonalStrings, label: string, actor: Actor, req?: PayloadRequest): Promise<Id[]> {
  const where: Where = {
    or: [{ owner: { equals: user.id } }, ...who.emails.map((e) => ({ ownerEmail: { equals: e } })), ...containsAny('notes', who.emails), ...(who.name ? containsAny('notes', [who.name]) : [])],
  }
  const found = await payload.find({ collection: 'controllers', where, limit: 0, pagination: false, depth: 0, overrideAccess: true })
  const released: Id[] = []
  for (const listed of found.docs) {
    await withLock(`controller:${listed.id}`, async () => {
      const c: Controller | null = await payload.db.findOne<Controller>({ collection: 'controllers', where: { id: { equals: listed.id } } })
      if (!c) return
      const owned = String(c.owner ?? '') === String(user.id)
      const notes = c.notes ? scrubText(c.notes, who, label) : c.notes
      const staleEmail = typeof c.ownerEmail === 'string' && who.emails.includes(c.ownerEmail.toLowerCase())
      if (!owned && notes === c.notes && !staleEmail) return
      await payload.db.updateOne({
        collection: 'controllers',
        id: c.id,
        data: { ...(owned ? { owner: null, claimedAt: null, ownerEmail: null } : {}), ...(staleEmail && !owned ? { ownerEmail: null } : {}), notes },
        returning: false,
      })
      if (!owned) return
      released.push(c.id)
      await recordAudit(
        payload,
        {
          action: 'controller.released',
          subject: { collection: 'controllers', id: c.id },
          summary: `Controller ${c.serial} released: ${accountLabel(user.id)} was closed at the person's request`,
          before: { owner: user.id },
          after: { owner: null, reason: 'account closed' },
          ...actor,
        },
        req,
      )
    })
  }
  return released
}

const anonymousBuyer = { name: CLOSED_NAME, email: null, phone: null }

async function cleanOrders(payload: Payload, user: User, who: PersonalStrings, label: string): Promise<{ orders: Id[]; versions: number }> {
  const { docs } = await payload.db.find<Order>({ collection: 'orders', where: { customer: { equals: user.id } }, limit: 0, pagination: false })
  let versions = 0
  for (const order of docs) {
    const bill = { ...(order.bill ?? {}), buyer: anonymousBuyer }
    const statusReason = order.statusReason ? scrubText(order.statusReason, who, label) : order.statusReason
    await payload.db.updateOne({ collection: 'orders', id: order.id, data: { bill, statusReason }, returning: false })
    // The order's history (versions: maxPerDoc 50) holds the same snapshot of the buyer.
    const history = await payload.db.findVersions<Order>({ collection: 'orders', where: { parent: { equals: order.id } }, limit: 0, pagination: false })
    for (const v of history.docs) {
      const version = { ...v.version, bill: { ...(v.version.bill ?? {}), buyer: anonymousBuyer }, statusReason: v.version.statusReason ? scrubText(v.version.statusReason, who, label) : v.version.statusReason }
      await payload.db.updateVersion<Order>({ collection: 'orders', id: v.id, versionData: { ...v, version }, returning: false })
      versions++
    }
  }
  return { orders: docs.map((o) => o.id), versions }
}

async function cleanNewsDeliveries(payload: Payload, user: User, who: PersonalStrings, label: string): Promise<number> {
  const where: Where = { or: [{ user: { equals: user.id } }, ...who.emails.map((e) => ({ email: { equals: e } }))] }
  const { docs } = await payload.db.find<NewsDelivery>({ collection: 'news-deliveries', where, limit: 0, pagination: false })
  for (const d of docs) {
    await payload.db.updateOne({ collection: 'news-deliveries', id: d.id, data: { email: closedEmail(user.id), error: d.error ? scrubText(d.error, who, label) : d.error }, returning: false })
  }
  return docs.length
}

/**
 * Audit entries keep what happened and drop who it was: entries by or about this account have every
 * e-mail address in their text replaced (they name only this person: "claimed by …", "Roles of …"),
 * all others (a transfer between two customers) only this person's strings.
 */
async function cleanAudit(payload: Payload, user: User, who: PersonalStrings, label: string, related: { orders: Id[]; controllers: Id[] }): Promise<number> {
  const about = (collection: string, ids: Id[]): Where[] => (ids.length ? [{ and: [{ subjectCollection: { equals: collection } }, { subjectId: { in: ids.map(String) } }] }] : [])
  const where: Where = {
    or: [
      { actor: { equals: user.id } },
      ...about('users', [user.id]),
      // Staff's words about her orders and controllers (a cancellation reason, a transfer reason).
      ...about('orders', related.orders),
      ...about('controllers', related.controllers),
      ...containsAny('summary', [...who.emails, ...(who.name ? [who.name] : []), ...(who.phone ? [who.phone] : [])]),
      ...containsAny('actorLabel', who.emails),
    ],
  }
  let cleaned = 0
  for await (const e of eachDoc<AuditEventDoc>(payload, 'audit-events', where)) {
    const actorIsPerson = String(refId(e.actor) ?? '') === String(user.id)
    const own = actorIsPerson || (e.subjectCollection === 'users' && e.subjectId === String(user.id))
    const next = {
      actorLabel: actorIsPerson ? label : e.actorLabel ? scrubText(e.actorLabel, who, label) : e.actorLabel,
      summary: scrubText(e.summary, who, label, own),
      before: scrubJson(e.before ?? null, who, label, own),
      after: scrubJson(e.after ?? null, who, label, own),
    }
    if (next.actorLabel === e.actorLabel && next.summary === e.summary && JSON.stringify(next.before) === JSON.stringify(e.before ?? null) && JSON.stringify(next.after) === JSON.stringify(e.after ?? null)) continue
    await payload.db.updateOne({ collection: 'audit-events', id: e.id, data: next, returning: false })
    cleaned++
  }
  return cleaned
}

/** Lock leases are keyed by the login e-mail ("login:<address>"); rate-limit counters by client address only, checked anyway. */
async function forgetKeyedRows(payload: Payload, who: PersonalStrings): Promise<void> {
  for (const collection of ['lock-leases', 'rate-limit-counters'] as const) {
    for (const email of who.emails) {
      const { docs } = await payload.db.find<{ id: Id; key: string }>({ collection, where: { key: { contains: email } }, limit: 0, pagination: false })
      for (const row of docs) if (row.key.toLowerCase().includes(email)) await payload.db.deleteOne({ collection, where: { id: { equals: row.id } }, returning: false })
    }
  }
}

/** E-mails waiting (or failed and kept) for this person: removed, whatever state they are in. */
async function removeQueuedMail(payload: Payload, who: PersonalStrings): Promise<number> {
  let removed = 0
  for await (const job of eachDoc<PayloadJob>(payload, 'payload-jobs', { taskSlug: { equals: 'sendEmail' } })) {
    if (!mentions(JSON.stringify([job.input, job.taskStatus, job.log, job.error]), who)) continue
    await payload.db.deleteOne({ collection: 'payload-jobs', where: { id: { equals: job.id } }, returning: false })
    removed++
  }
  return removed
}

/**
 * Closes the account `userId`: `way` says how the person confirmed it; pass `req` when staff carry it
 * out (the staff member is the audit entry's actor). 404 for no such account, 409 when it is closed
 * already or has staff roles.
 */
export async function closeAccount(payload: Payload, userId: Id, way: ClosureWay, req?: PayloadRequest): Promise<ClosureReport> {
  return withLock(`account-closure:${userId}`, async () => {
    const user: User | null = await payload.db.findOne<User>({ collection: 'users', where: { id: { equals: userId } } })
    if (!user) throw notFound('No such account.')
    if (user.closedAt) throw conflict(`Account ${user.id} was closed on ${user.closedAt.slice(0, 10)}.`)
    refuseStaffAccount(user)
    const who = personalStrings(user)
    const label = closedLabel(user.id)
    const actor: Actor = way === 'staff' && req?.user && isStaff(req.user) ? { actor: req.user.id } : { actor: user.id, actorLabel: label }
    const auditReq = way === 'staff' ? req : undefined

    // 1. Nobody logs in any more: no password, no sessions, no reset or verification token, no mailing.
    // (The whole row is written back, as Payload's own session changes do: sessions are rows of their own.)
    await payload.db.updateOne({
      collection: 'users',
      id: user.id,
      data: {
        ...user,
        hash: null,
        salt: null,
        sessions: [],
        resetPasswordToken: null,
        resetPasswordExpiration: null,
        resetPasswordRequestedAt: null,
        _verificationToken: null,
        loginAttempts: 0,
        lockUntil: null,
        newsSubscribed: false,
      },
      returning: false,
    })

    // 2. Everything else, while the account still holds what to look for.
    const released = await releaseControllers(payload, user, who, label, actor, auditReq)
    const orders = await cleanOrders(payload, user, who, label)
    const newsDeliveriesCleaned = await cleanNewsDeliveries(payload, user, who, label)
    await forgetKeyedRows(payload, who)
    await payload.db.deleteMany({ collection: 'payload-preferences', where: { and: [{ 'user.relationTo': { equals: 'users' } }, { 'user.value': { equals: user.id } }] } })
    const auditEntriesCleaned = await cleanAudit(payload, user, who, label, { orders: orders.orders, controllers: released })

    // 3. The account itself.
    const closedAt = new Date().toISOString()
    await payload.db.updateOne({
      collection: 'users',
      id: user.id,
      data: { email: closedEmail(user.id), name: CLOSED_NAME, phone: '', pendingEmail: null, closedAt },
      returning: false,
    })

    // 4. A request of the person's that was already past its login when the sessions went (an order
    // being placed, a controller being claimed) may have written after step 2: once more for those.
    released.push(...(await releaseControllers(payload, user, who, label, actor, auditReq)))
    const lateOrders = await cleanOrders(payload, user, who, label)
    for (const id of lateOrders.orders) if (!orders.orders.some((o) => String(o) === String(id))) orders.orders.push(id)

    // 5. Mail to the old addresses: from here on nothing new is queued to them.
    const jobsRemoved = await removeQueuedMail(payload, who)

    const controllersReleased = released.length
    const { totalDocs: licensesKept } = released.length ? await payload.db.count({ collection: 'licenses', where: { controller: { in: released } } }) : { totalDocs: 0 }
    const report: ClosureReport = {
      id: user.id,
      closedAt,
      controllersReleased,
      ordersKept: orders.orders.length,
      orderVersionsCleaned: orders.versions,
      licensesKept,
      newsDeliveriesCleaned,
      auditEntriesCleaned,
      jobsRemoved,
    }
    await recordAudit(
      payload,
      {
        action: 'user.closed',
        subject: { collection: 'users', id: user.id },
        summary: `Account ${user.id} closed at the person's request (${way === 'link' ? 'confirmed by the e-mailed link' : 'carried out by staff'})`,
        after: { closedAt, controllersReleased, ordersKept: orders.orders.length, licensesKept },
        ...actor,
      },
      auditReq,
    )
    payload.logger.info({ account: user.id, way, controllersReleased, ordersKept: orders.orders.length, jobsRemoved }, 'account closed at the person\'s request')
    return report
  })
}
