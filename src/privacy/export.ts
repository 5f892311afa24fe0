/**
 * A customer's data as one ZIP archive (GET /api/users/me/export; docs/privacy.md): account.json,
 * controllers.json, orders.json, every bill as bills/<number>.pdf, every license of their controllers
 * as licenses/PMX-<serial>-<n>.lic (the stored file, byte for byte, as the download serves it) and a
 * README.txt that explains the files, in the account's language.
 */
import type { Controller, License, Option, Order, Payment, User } from '@payload-types'
import type { Payload } from 'payload'

import { renderBillPdf } from '@/domain/bill-pdf'
import { populated, refId, type Id } from '@/domain/documents'
import { notFound } from '@/domain/errors'
import { langOf, type Lang } from '@/i18n/languages'
import { licenseFileVersion, parseLicenseFile, parseLicenseFileV2 } from '@/licensing'
import { exportReadme } from './readme'
import { zipArchive, type ZipEntry } from './zip'

export const EXPORT_FORMAT = 'pumotix-account-export/1'

export interface AccountExport {
  filename: string
  archive: Buffer
  /** What went in, for the log and the tests. */
  counts: { controllers: number; orders: number; bills: number; licenses: number }
}

/** A name that is safe as one path part (order numbers are PMX-2026-000042; anything else is reduced to that alphabet). */
const pathPart = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, '_').replace(/^\.+/, '_') || '_'

export const licenseFileName = (l: Pick<License, 'serial' | 'sequence'>) => `licenses/PMX-${pathPart(l.serial)}-${l.sequence}.lic`
export const billFileName = (o: Pick<Order, 'number'>) => `bills/${pathPart(o.number)}.pdf`

const optionRef = (o: Id | Option | null | undefined) => {
  const doc = populated(o)
  return doc ? { code: doc.code, name: doc.name } : { id: o ?? null }
}

/** The end date of each option in a license file: format 2 per option (`until`), format 1 the whole license (`expiresAt`). */
function endDates(file: string): Map<string, string | null> {
  const ends = new Map<string, string | null>()
  try {
    if (licenseFileVersion(file) === 2) for (const o of parseLicenseFileV2(file).payload.options) ends.set(o.code, o.until)
    else {
      const { payload } = parseLicenseFile(file)
      for (const code of payload.options) ends.set(code, payload.expiresAt)
    }
  } catch {
    // A stored file that does not parse is exported as it is; its options then show no end date.
  }
  return ends
}

function accountJson(user: User, now: Date) {
  return {
    format: EXPORT_FORMAT,
    exportedAt: now.toISOString(),
    account: {
      id: user.id,
      name: user.name,
      email: user.email,
      emailAwaitingConfirmation: user.pendingEmail ?? null,
      phone: user.phone,
      language: user.language,
      roles: user.roles,
      createdAt: user.createdAt,
      updatedAt: user.updatedAt,
      closureRequestedAt: user.closureRequestedAt ?? null,
      closedAt: user.closedAt ?? null,
    },
    consents: {
      privacyPolicy: { acceptedAt: user.privacyAcceptedAt ?? null },
      newsAndUpdatesByEmail: { given: Boolean(user.newsSubscribed) },
    },
    subscriptions: { news: Boolean(user.newsSubscribed) },
  }
}

function controllerJson(c: Controller, licenses: License[]) {
  const latest = licenses[licenses.length - 1]
  const ends = latest ? endDates(latest.file) : new Map<string, string | null>()
  const inLatest = (code: string | undefined) => (code !== undefined && latest ? (latest.options ?? []).includes(code) : false)
  const option = (o: Id | Option | null | undefined) => {
    const ref = optionRef(o)
    const code = 'code' in ref ? ref.code : undefined
    return { ...ref, inLatestLicense: inLatest(code), endsAt: code !== undefined && ends.has(code) ? ends.get(code) : null }
  }
  return {
    id: c.id,
    serial: c.serial,
    model: c.model,
    modelId: c.modelId,
    hardwareId: c.hardwareId,
    claimedAt: c.claimedAt ?? null,
    lastRequestAt: c.lastRequestAt ?? null,
    licenseFormat: c.licenseFormat ?? 1,
    installedLicense: c.installedSequence ?? 0,
    latestLicense: c.licenseSequence ?? 0,
    factoryOptions: (c.factoryOptions ?? []).map((o) => ({ ...option(o), state: 'factory' })),
    options: (c.entitlements ?? []).map((e) => ({
      ...option(e.option),
      state: e.state,
      order: populated(e.order)?.number ?? refId(e.order) ?? null,
      grantedAt: e.grantedAt ?? null,
      activatedAt: e.activatedAt ?? null,
    })),
    licenses: licenses.map((l) => ({
      sequence: l.sequence,
      licenseId: l.licenseId,
      format: l.format ?? 1,
      options: l.options ?? [],
      issuedAt: l.issuedAt,
      signingKey: l.kid,
      sha256: l.sha256,
      file: licenseFileName(l),
    })),
  }
}

function orderJson(o: Order, payments: Payment[]) {
  return {
    number: o.number,
    status: o.status,
    placedAt: o.createdAt,
    controller: populated(o.controller)?.serial ?? refId(o.controller) ?? null,
    items: (o.items ?? []).map((i) => ({ code: i.code, name: i.name ?? i.code, unitPrice: i.unitPrice, currency: i.currency })),
    total: o.total,
    currency: o.currency,
    paymentReference: o.paymentReference ?? o.bill?.paymentReference ?? null,
    paidAt: o.paidAt ?? null,
    cancelledAt: o.cancelledAt ?? null,
    refundedAt: o.refundedAt ?? null,
    statusReason: o.statusReason ?? null,
    payments: payments.map((p) => ({ paymentId: p.paymentId, amount: p.amount, currency: p.currency, receivedAt: p.receivedAt })),
    bill: {
      seller: o.bill?.seller ?? null,
      buyer: o.bill?.buyer ?? null,
      issuedAt: o.bill?.issuedAt ?? null,
      dueAt: o.bill?.dueAt ?? null,
      file: billFileName(o),
    },
  }
}

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`

/**
 * The archive of account `userId`. The caller has checked that the requester may read this account
 * (the account itself or staff); everything here is read on the account's behalf.
 */
export async function exportAccount(payload: Payload, userId: Id, now = new Date()): Promise<AccountExport> {
  const user: User | null = await payload.findByID({ collection: 'users', id: userId, depth: 0, overrideAccess: true, disableErrors: true })
  if (!user) throw notFound('No such account.')
  const lang: Lang = langOf(user.language)
  const all = { limit: 0, pagination: false, overrideAccess: true, locale: lang } as const

  const controllers = (await payload.find({ collection: 'controllers', where: { owner: { equals: user.id } }, depth: 1, sort: 'serial', ...all })).docs
  const licenses = controllers.length
    ? (await payload.find({ collection: 'licenses', where: { controller: { in: controllers.map((c) => c.id) } }, depth: 0, sort: 'sequence', ...all })).docs
    : []
  const orders = (await payload.find({ collection: 'orders', where: { customer: { equals: user.id } }, depth: 1, sort: 'createdAt', ...all })).docs
  const payments = orders.length ? (await payload.find({ collection: 'payments', where: { order: { in: orders.map((o) => o.id) } }, depth: 0, sort: 'receivedAt', ...all })).docs : []

  const licensesOf = (c: Controller) => licenses.filter((l) => String(refId(l.controller)) === String(c.id))
  const paymentsOf = (o: Order) => payments.filter((p) => String(refId(p.order)) === String(o.id))

  const entries: ZipEntry[] = [
    { path: 'README.txt', data: exportReadme(lang, { exportedAt: now, accountId: user.id, controllers: controllers.length, orders: orders.length, licenses: licenses.length }) },
    { path: 'account.json', data: json(accountJson(user, now)) },
    { path: 'controllers.json', data: json(controllers.map((c) => controllerJson(c, licensesOf(c)))) },
    { path: 'orders.json', data: json(orders.map((o) => orderJson(o, paymentsOf(o)))) },
  ]
  for (const o of orders) entries.push({ path: billFileName(o), data: await renderBillPdf(o, { serial: populated(o.controller)?.serial }), mtime: new Date(o.createdAt) })
  for (const l of licenses) entries.push({ path: licenseFileName(l), data: l.file, mtime: new Date(l.issuedAt) })

  return {
    filename: `pumotix-account-${pathPart(String(user.id))}-${now.toISOString().slice(0, 10)}.zip`,
    archive: zipArchive(entries, now),
    counts: { controllers: controllers.length, orders: orders.length, bills: orders.length, licenses: licenses.length },
  }
}
