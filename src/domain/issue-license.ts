/**
 * Issuing a license: check the requested options against what the controller may run, sign the
 * next license (sequence = last + 1, serialised per controller), store it and update the options'
 * states — then tell the owner.
 */
import crypto from 'node:crypto'
import type { Payload } from 'payload'

import { sameId } from '../../access/roles'
import { buildLicensePayload, signLicense } from '../licensing'
import { queueEmail } from '../mail/queue-email'
import { recordAudit } from './audit'
import { type ControllerDoc, type EntitlementRow, entitlementForSave } from './controller-doc'
import { badRequest, conflict, notFound, unprocessable } from './errors'
import { withLock } from './keyed-mutex'
import { activeSigningKey } from './signing-keys'
import { langOf } from '../../templates/types'

export interface IssuedLicense {
  id: string | number
  sequence: number
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

interface OwnerContact {
  id: string | number
  email?: string | null
  name?: string | null
  language?: string | null
}

/** The stored controller, straight from the adapter: relationships as ids, nothing populated. */
type StoredController = Omit<ControllerDoc, 'owner' | 'factoryOptions' | 'entitlements'> & {
  owner?: string | number | null
  factoryOptions?: (string | number)[] | null
  entitlements?: (Omit<EntitlementRow, 'option' | 'order'> & { option: string | number; order?: string | number | null })[] | null
}

/*
 * Issuance is the hot path (every Apply), so it reads and writes through the database adapter
 * (`payload.db`): no field hooks, access checks or re-reads of the documents it has just written.
 * That is safe here because this module is the only writer of licenses, and what it writes is built
 * from the stored controller. The collections' own hooks for licenses and audit entries only refuse
 * updates and deletes; the controller fields written below (sequence, option states) have none.
 */
const ROW_FIELDS = ['serial', 'modelId', 'model', 'hardwareId', 'owner', 'ownerEmail', 'claimedAt', 'installedSequence', 'licenseSequence', 'lastRequestAt', 'notes', 'createdAt'] as const

async function readController(payload: Payload, id: string | number): Promise<StoredController | null> {
  return (await payload.db.findOne({
    collection: 'controllers',
    where: { id: { equals: id } },
    // Every column of the controllers table (plus the two option lists): an adapter-level update that
    // rewrites the entitlements array writes the whole row, so it must have all of it.
    select: { ...Object.fromEntries(ROW_FIELDS.map((f) => [f, true])), factoryOptions: true, entitlements: true },
  } as never)) as StoredController | null
}

async function optionCodes(payload: Payload, ids: (string | number)[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map()
  const found = await payload.db.find({ collection: 'options', where: { id: { in: ids } }, select: { code: true }, limit: 0, pagination: false } as never)
  return new Map((found.docs as { id: string | number; code: string }[]).map((o) => [String(o.id), o.code]))
}

async function ownerContact(payload: Payload, ownerId: string | number, known?: OwnerContact): Promise<OwnerContact | null> {
  if (known && sameId(known.id, ownerId)) return known
  return (await payload.db.findOne({ collection: 'users', where: { id: { equals: ownerId } }, select: { email: true, name: true, language: true } } as never)) as OwnerContact | null
}

async function lastStoredSequence(payload: Payload, controllerId: string | number): Promise<number> {
  const last = await payload.db.find({ collection: 'licenses', where: { controller: { equals: controllerId } }, sort: '-sequence', limit: 1, pagination: false, select: { sequence: true } } as never)
  return Number((last.docs[0] as { sequence?: number } | undefined)?.sequence ?? 0)
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
  },
): Promise<IssuedLicense> {
  return withLock(`controller:${args.controllerId}`, async () => {
    const controller = await readController(payload, args.controllerId)
    if (!controller || (args.onlyIfOwnedBy != null && !sameId(controller.owner, args.onlyIfOwnedBy))) {
      throw notFound('No such controller in your account.')
    }
    if (controller.owner == null) throw conflict(`Controller ${controller.serial} is not registered to a customer, so no license can be issued for it.`)

    const entitlements = controller.entitlements ?? []
    const codes = await optionCodes(payload, [...new Set([...(controller.factoryOptions ?? []), ...entitlements.map((e) => e.option)].map(String))])
    const codeOf = (id: string | number) => codes.get(String(id))
    const factory = new Set((controller.factoryOptions ?? []).map(codeOf).filter(Boolean) as string[])
    const byCode = new Map(entitlements.map((e) => [codeOf(e.option), e]))
    for (const code of args.options) {
      if (factory.has(code)) continue
      const e = byCode.get(code)
      if (!e) throw unprocessable(`Option ${code} is not available on controller ${controller.serial}: buy it first.`, { option: code })
      if (e.state === 'awaiting_payment') {
        throw unprocessable(`Option ${code} can be switched on once its bill is paid.`, { option: code })
      }
    }
    const requested = new Set(args.options)
    const options = [...new Set([...factory, ...requested])].sort()
    const key = await activeSigningKey(payload)
    const issuedAt = new Date()
    const now = issuedAt.toISOString()

    // The next sequence is the controller's counter + 1. The counter is written after the license, so
    // a crash in between leaves it behind; the unique index (controller, sequence) then refuses the
    // insert and the stored licenses give the true last sequence.
    let sequence = Number(controller.licenseSequence ?? 0) + 1
    let licensePayload!: ReturnType<typeof buildLicensePayload>
    let license: { id: string | number } | null = null
    for (let attempt = 0; !license; attempt++) {
      licensePayload = buildLicensePayload({
        licenseId: crypto.randomUUID(),
        serial: controller.serial,
        modelId: controller.modelId,
        hardwareId: controller.hardwareId,
        options,
        sequence,
        issuedAt,
        expiresAt: null,
      })
      const signed = signLicense(licensePayload, key)
      try {
        license = (await payload.db.create({
          collection: 'licenses',
          select: { id: true },
          data: {
            licenseId: licensePayload.licenseId,
            controller: controller.id,
            serial: controller.serial,
            sequence,
            options,
            kid: key.kid,
            alg: key.alg,
            sha256: signed.sha256,
            issuedAt: licensePayload.issuedAt,
            issuedBy: args.issuedBy ?? null,
            file: signed.text,
            createdAt: now,
            updatedAt: now,
          },
        } as never)) as { id: string | number }
      } catch (err) {
        const stored = await lastStoredSequence(payload, controller.id)
        if (attempt > 0 || stored < sequence) throw err
        sequence = stored + 1
      }
    }

    await recordAudit(payload, { action: 'license.issued', actor: args.issuedBy ?? null, actorLabel: args.issuedByLabel, subject: { collection: 'licenses', id: license.id }, summary: `License ${sequence} for controller ${controller.serial}: ${options.join(', ') || 'no options'}`, after: { controller: controller.id, sequence, options, kid: key.kid } })
    // Rows keep their ids: the adapter writes array rows as given (the operation layer would add ids).
    const before = entitlements.map((e) => ({ id: e.id, ...entitlementForSave(e) }))
    const after = entitlements.map((e) => {
      if (e.state === 'awaiting_payment') return { id: e.id, ...entitlementForSave(e) }
      const on = requested.has(codeOf(e.option) ?? '')
      return { id: e.id, ...entitlementForSave({ ...e, state: on ? 'active' : 'available', activatedAt: on ? (e.state === 'active' ? e.activatedAt : now) : null }) }
    })
    const statesChanged = JSON.stringify(after) !== JSON.stringify(before)
    await payload.db.updateOne({
      collection: 'controllers',
      id: controller.id,
      data: statesChanged
        ? { ...Object.fromEntries(ROW_FIELDS.map((f) => [f, (controller as Record<string, unknown>)[f] ?? null])), licenseSequence: sequence, entitlements: after, updatedAt: now }
        : { licenseSequence: sequence, updatedAt: now },
      returning: false,
    } as never)

    const owner = await ownerContact(payload, controller.owner, args.requester)
    if (owner?.email) {
      await queueEmail(payload, {
        template: 'license-issued',
        to: owner.email,
        lang: langOf(owner.language ?? undefined),
        context: { name: owner.name ?? '', serial: controller.serial, model: controller.model, sequence, options, controllerId: String(controller.id) },
      })
    }
    return { id: license.id, sequence, options, downloadUrl: `/api/licenses/${license.id}/download` }
  })
}
