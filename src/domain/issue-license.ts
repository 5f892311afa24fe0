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
import { type ControllerDoc, entitlementForSave, optionCode, refId } from './controller-doc'
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

export async function issueLicense(
  payload: Payload,
  args: {
    controllerId: string | number
    options: string[]
    issuedBy?: string | number | null
    issuedByLabel?: string
    /** A customer asking for their own controller: anyone else's (or none) is "not found". Unset for staff. */
    onlyIfOwnedBy?: string | number
  },
): Promise<IssuedLicense> {
  return withLock(`controller:${args.controllerId}`, async () => {
    const found = await payload.find({ collection: 'controllers', where: { id: { equals: args.controllerId } }, limit: 1, depth: 1, overrideAccess: true })
    const controller = found.docs[0] as unknown as ControllerDoc | undefined
    if (!controller || (args.onlyIfOwnedBy != null && !sameId(refId(controller.owner), args.onlyIfOwnedBy))) {
      throw notFound('No such controller in your account.')
    }
    const owner = controller.owner && typeof controller.owner === 'object' ? controller.owner : null
    if (!owner) throw conflict(`Controller ${controller.serial} is not registered to a customer, so no license can be issued for it.`)

    const factory = new Set((controller.factoryOptions ?? []).map(optionCode).filter(Boolean) as string[])
    const entitlements = controller.entitlements ?? []
    const byCode = new Map(entitlements.map((e) => [optionCode(e.option as never), e]))
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

    const last = await payload.find({
      collection: 'licenses',
      where: { controller: { equals: controller.id } },
      sort: '-sequence',
      limit: 1,
      depth: 0,
      overrideAccess: true,
    })
    const sequence = Math.max(Number(last.docs[0]?.sequence ?? 0), Number(controller.licenseSequence ?? 0)) + 1
    const issuedAt = new Date()
    const key = await activeSigningKey(payload)
    const licensePayload = buildLicensePayload({
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
    // depth 0 here and below: nothing reads the populated documents these calls return (~2× faster issuance).
    const license = await payload.create({
      collection: 'licenses',
      overrideAccess: true,
      depth: 0,
      select: { sequence: true },
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
      },
    })

    await recordAudit(payload, { action: 'license.issued', actor: args.issuedBy ?? null, actorLabel: args.issuedByLabel, subject: { collection: 'licenses', id: license.id }, summary: `License ${sequence} for controller ${controller.serial}: ${options.join(', ') || 'no options'}`, after: { controller: controller.id, sequence, options, kid: key.kid } })
    const now = issuedAt.toISOString()
    const before = entitlements.map(entitlementForSave)
    const after = entitlements.map((e) => {
      if (e.state === 'awaiting_payment') return entitlementForSave(e)
      const on = requested.has(optionCode(e.option as never) ?? '')
      return entitlementForSave({ ...e, state: on ? 'active' : 'available', activatedAt: on ? (e.state === 'active' ? e.activatedAt : now) : null })
    })
    if (JSON.stringify(after) !== JSON.stringify(before)) {
      await payload.update({ collection: 'controllers', id: controller.id, overrideAccess: true, depth: 0, select: { licenseSequence: true }, data: { licenseSequence: sequence, entitlements: after } })
    } else {
      // Only the counter moves: a plain column update through the adapter (no validation of the
      // unchanged relationships and arrays, which a full document update repeats on every save).
      await payload.db.updateOne({ collection: 'controllers', id: controller.id, data: { licenseSequence: sequence, updatedAt: now }, returning: false })
    }

    if (owner.email) {
      await queueEmail(payload, {
        template: 'license-issued',
        to: owner.email,
        lang: langOf(owner.language),
        context: { name: owner.name ?? '', serial: controller.serial, model: controller.model, sequence, options, controllerId: String(controller.id) },
      })
    }
    return { id: license.id, sequence, options, downloadUrl: `/api/licenses/${license.id}/download` }
  })
}

