/**
 * Issuing a license: check the requested options against what the controller may run, sign the
 * next license (sequence = last + 1, serialised per controller), store it and update the options'
 * states — then tell the owner. What it may run is decided from the evidence behind each option
 * (option-provenance.ts: factory, a paid order with payment evidence, a running term), never from
 * the stored row states alone; a refusal for want of evidence is audited.
 */
import crypto from 'node:crypto'
import type { User } from '@payload-types'
import type { Payload } from 'payload'

import { sameId } from '@/access/roles'
import type { EmailMessage } from '@/mail/queue-email'
import { isUndeliverableAddress } from '@/mail/undeliverable'
import { auditEntry, recordAudit } from './audit'
import { badRequest, conflict, notFound, unprocessable } from './errors'
import { type ControllerForIssue, type IssuanceStore, issuanceStore } from '@/db/issuance/store'
import { withLock } from './keyed-mutex'
import { now as clock } from './clock'
import { stateAt } from './dated-options'
import { grantableAt } from './option-provenance'
import { signForController } from './license-signer'
import { langOf } from '@/i18n/languages'

export interface IssuedLicense {
  id: string | number
  sequence: number
  /** The license format, as the controller's last request code asked for. */
  format: 1 | 2
  options: string[]
  downloadUrl: string
}

export function parseRequestedOptions(value: unknown): string[] {
  if (!Array.isArray(value) || value.some((c) => typeof c !== 'string' || c.length === 0 || c.length > 64)) {
    throw badRequest('"options" must be a list of option codes, e.g. {"options": ["THC", "AXIS4"]}.')
  }
  if (value.length > 200) throw badRequest('Too many options in one request.')
  return [...new Set(value as string[])]
}

type OwnerContact = Pick<User, 'id' | 'email' | 'name' | 'language'>

async function ownerContact(payload: Payload, ownerId: string | number, known?: OwnerContact): Promise<OwnerContact | null> {
  if (known && sameId(known.id, ownerId)) return known
  return payload.db.findOne<OwnerContact>({ collection: 'users', where: { id: { equals: ownerId } }, select: { email: true, name: true, language: true } })
}

export async function issueLicense(
  payload: Payload,
  args: {
    controllerId: string | number
    options: string[]
    issuedBy?: string | number | null
    issuedByLabel?: string
    /** A customer asking for their own controller: anyone else's (or none) is "not found". Unset for staff. */
    onlyIfOwnedBy?: string | number
    /** The requesting user, when known: spares a lookup of the owner's e-mail when they are the owner. */
    requester?: OwnerContact
    /** The time of issue (tests pass one); now by default. */
    now?: Date
  },
  store: IssuanceStore = issuanceStore(payload),
): Promise<IssuedLicense> {
  return withLock(`controller:${args.controllerId}`, async () => {
    const controller = await store.readController(args.controllerId)
    if (!controller || (args.onlyIfOwnedBy != null && !sameId(controller.owner, args.onlyIfOwnedBy))) {
      throw notFound('No such controller in your account.')
    }
    if (controller.owner == null) throw conflict(`Controller ${controller.serial} is not registered to a customer, so no license can be issued for it.`)

    const issuedAt = args.now ?? clock()
    const now = issuedAt.toISOString()
    const format = controller.licenseFormat
    const factory = new Set(controller.factoryCodes)
    // What the license may carry is decided from the evidence (paid orders with a payment or staff's
    // mark-paid, running terms), read with the controller; a row's stored state can only take away.
    const grants = grantableAt(controller, issuedAt)
    const byCode = new Map(controller.entitlements.map((e) => [e.code, e]))
    const unproven: string[] = []
    for (const code of args.options) {
      if (factory.has(code)) continue
      const e = byCode.get(code)
      if (!e) throw unprocessable(`Option ${code} is not available on controller ${controller.serial}: buy it first.`, { option: code })
      if (e.state === 'awaiting_payment') {
        throw unprocessable(`Option ${code} can be switched on once its bill is paid.`, { option: code })
      }
      if (stateAt(e, issuedAt) === 'ended') {
        throw unprocessable(`Option ${code} ended on ${e.until?.slice(0, 10)}: buy or rent it again to switch it on.`, { option: code })
      }
      const grant = grants.get(code)
      if (!grant) {
        unproven.push(code)
        continue
      }
      if (grant.until && format === 1) throw unprocessable(`Option ${code} runs until ${grant.until.slice(0, 10)}, and this controller's software cannot enforce end dates (license format 1).`, { option: code })
      if (grant.until && !controller.enforcesOptionEndDates) throw unprocessable(`Option ${code} runs until ${grant.until.slice(0, 10)}, and this controller's last request code says its software does not enforce end dates.`, { option: code, reason: 'end-dates-unsupported' })
    }
    if (unproven.length > 0) {
      const list = unproven.join(', ')
      await recordAudit(payload, {
        action: 'license.refused',
        actor: args.issuedBy ?? null,
        actorLabel: args.issuedByLabel,
        subject: { collection: 'controllers', id: controller.id },
        summary: `License for controller ${controller.serial} refused: no payment, trial or staff grant on record for ${list}`,
        after: { controller: controller.id, requested: args.options, withoutProvenance: unproven },
      })
      throw unprocessable(
        `${unproven.length === 1 ? `Option ${list} has` : `Options ${list} have`} no payment, trial or staff grant on record for controller ${controller.serial}, so no license can include ${unproven.length === 1 ? 'it' : 'them'}. If you paid, contact us with the bill number; a manager will record the payment.`,
        { options: unproven, reason: 'no-provenance' },
      )
    }
    const owner = await ownerContact(payload, controller.owner, args.requester)
    const requested = new Set(args.options)
    const untilOf = (code: string) => (factory.has(code) ? null : (grants.get(code)?.until ?? null))
    const options = [...new Set([...factory, ...requested])].sort()
    const maintenanceUntil = format === 2 ? controller.maintenanceUntil : null

    // Options switched on are on exactly when requested, with the end their grant has; those awaiting payment stay as they are; those whose end has passed are ended.
    const entitlements = controller.entitlements.map((e) => {
      if (e.state === 'awaiting_payment') return e
      if (stateAt(e, issuedAt) === 'ended') return { ...e, state: 'ended' as const, activatedAt: null, licensedUntil: null }
      const on = requested.has(e.code ?? '')
      return { ...e, state: on ? ('active' as const) : ('available' as const), activatedAt: on ? (e.state === 'active' ? e.activatedAt : now) : null, licensedUntil: on ? untilOf(e.code ?? '') : null }
    })
    const changed = entitlements.filter(
      (e, i) => e.state !== controller.entitlements[i].state || e.activatedAt !== controller.entitlements[i].activatedAt || e.licensedUntil !== controller.entitlements[i].licensedUntil,
    )

    // The next sequence is the controller's counter + 1. Where the store's writes are not one
    // transaction (the adapter store), a crash after the license leaves the counter behind; the unique
    // index (controller, sequence) then refuses the insert and the stored licenses give the true last one.
    let sequence = controller.licenseSequence + 1
    for (let attempt = 0; ; attempt++) {
      const licenseId = crypto.randomUUID()
      const signed = await signForController(payload, controller.licenseFormat, {
        licenseId,
        serial: controller.serial,
        modelId: controller.modelId,
        hardwareId: controller.hardwareId,
        options: options.map((code) => ({ code, until: untilOf(code) })),
        maintenanceUntil,
        sequence,
        issuedAt,
      })
      const audit = await auditEntry(payload, {
        action: 'license.issued',
        actor: args.issuedBy ?? null,
        actorLabel: args.issuedByLabel,
        subject: { collection: 'licenses', id: '' }, // the store fills in the stored license's id
        summary: `License ${sequence} for controller ${controller.serial}: ${options.join(', ') || 'no options'}`,
        after: { controller: controller.id, sequence, options, kid: signed.kid, format: signed.format },
      })
      let storedId: string | number
      const mail = owner?.email && !isUndeliverableAddress(owner.email) ? licenseMail(owner as OwnerContact & { email: string }, controller, { sequence, options }) : null
      try {
        storedId = await store.storeIssued({
          controller,
          license: {
            licenseId,
            controller: controller.id,
            serial: controller.serial,
            sequence,
            format: signed.format,
            options,
            kid: signed.kid,
            alg: signed.alg,
            sha256: signed.sha256,
            issuedAt: signed.issuedAt,
            issuedBy: args.issuedBy ?? null,
            file: signed.text,
            revocationListNumber: signed.revocationListNumber,
          },
          audit,
          entitlements,
          changed,
          mail,
          now,
          licensedMaintenanceUntil: maintenanceUntil,
        })
      } catch (err) {
        const stored = await store.lastStoredSequence(controller.id)
        if (attempt > 0 || stored < sequence) throw err
        sequence = stored + 1
        continue
      }
      return { id: storedId, sequence, format: signed.format, options, downloadUrl: `/api/licenses/${storedId}/download` }
    }
  })
}

function licenseMail(owner: OwnerContact & { email: string }, controller: ControllerForIssue, license: { sequence: number; options: string[] }): EmailMessage {
  return {
    template: 'license-issued',
    to: owner.email,
    lang: langOf(owner.language ?? undefined),
    context: { name: owner.name ?? '', serial: controller.serial, model: controller.model, ...license, controllerId: String(controller.id) },
  }
}
