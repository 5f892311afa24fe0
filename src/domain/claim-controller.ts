/**
 * Claiming a controller with the request code its software shows: the code names the controller
 * (serial), proves possession (hardware id, model) and reports the installed license sequence; a PMX2
 * code also says that the controller reads license format 2, which revocation list it holds and
 * whether it enforces option end dates. The controller record keeps what its latest code said.
 */
import type { Controller } from '@payload-types'
import type { Payload, PayloadRequest } from 'payload'

import { hasRole, isStaff, sameId } from '@/access/roles'
import { requestCodeMaxAgeDays } from '@/config/licensing'
import { readRequestCode, RequestCodeError, type RequestCode, type RequestCodeV2 } from '@/licensing'
import { recordAudit } from './audit'
import { now as clock } from './clock'
import { refId } from './documents'
import { badRequest, conflict, forbidden, notFound, unprocessable } from './errors'
import { withLock } from './keyed-mutex'

const DAY = 24 * 60 * 60 * 1000

export function parseRequestCode(value: unknown, now = clock()): RequestCode | RequestCodeV2 {
  if (typeof value !== 'string' || value.trim() === '') {
    throw badRequest('Paste the license request code that the controller shows (it starts with PMX1- or PMX2-).')
  }
  if (value.length > 400) throw badRequest('That is far longer than a license request code (PMX1- or PMX2- and 56 or 64 characters).')
  let rc: RequestCode | RequestCodeV2
  try {
    rc = readRequestCode(value)
  } catch (err) {
    if (err instanceof RequestCodeError) throw badRequest(err.message, { reason: err.reason })
    throw err
  }
  const maxAgeDays = requestCodeMaxAgeDays()
  const age = now.getTime() - rc.createdAt.getTime()
  if (age > maxAgeDays * DAY) {
    throw unprocessable(
      `This request code was made on ${rc.createdAt.toISOString().slice(0, 10)}, more than ${maxAgeDays} days ago. Open the license dialog on the controller and paste the fresh code it shows.`,
      { reason: 'stale' },
    )
  }
  if (age < -DAY) {
    throw unprocessable(
      `This request code is dated ${rc.createdAt.toISOString().slice(0, 10)}, in the future. Check the controller's date and time, then paste a fresh code.`,
      { reason: 'future' },
    )
  }
  return rc
}

/** What a request code says about the controller's license format and what it holds. */
export const reportedCapabilities = (rc: RequestCode | RequestCodeV2) =>
  rc.version === 2
    ? { licenseFormat: 2, revocationListNumber: rc.revocationNumber, enforcesOptionEndDates: rc.enforcesOptionEndDates }
    : { licenseFormat: 1, revocationListNumber: 0, enforcesOptionEndDates: false }

export async function claimController(payload: Payload, req: PayloadRequest, requestCode: unknown): Promise<Controller> {
  const user = req.user
  if (!user) throw badRequest('Please log in first.')
  if (isStaff(user) || !hasRole(user, 'customer')) {
    throw forbidden('Only customer accounts add controllers; staff assign controllers with Transfer in the admin.')
  }
  const rc = parseRequestCode(requestCode)
  const found = await payload.find({ collection: 'controllers', where: { serial: { equals: rc.serial } }, limit: 1, depth: 0, overrideAccess: true })
  if (!found.docs[0]) {
    throw notFound(`Controller with serial number ${rc.serial} is not in the licensing database. Check the code, or contact PUMOTIX support.`)
  }
  const id = found.docs[0].id
  return withLock(`controller:${id}`, async () => {
    const c = (await payload.findByID({ collection: 'controllers', id, depth: 0, overrideAccess: true }))
    if (c.hardwareId !== rc.hardwareId || c.modelId !== rc.modelId) {
      throw unprocessable(
        `This request code does not match the factory record of controller ${rc.serial}. Make a fresh code on the controller; if this message stays, contact PUMOTIX support.`,
      )
    }
    const ownerId = refId(c.owner)
    if (ownerId != null && !sameId(ownerId, user.id)) {
      throw conflict(`Controller ${rc.serial} is already registered to another account. If you own it now, contact PUMOTIX support to have it transferred.`)
    }
    const now = clock().toISOString()
    await payload.update({
      collection: 'controllers',
      id,
      overrideAccess: true,
      depth: 0,
      data: {
        owner: user.id,
        claimedAt: ownerId == null ? now : c.claimedAt,
        installedSequence: rc.sequence,
        lastRequestAt: now,
        ...reportedCapabilities(rc),
      },
    })
    if (ownerId == null) {
      await recordAudit(payload, { action: 'controller.claimed', subject: { collection: 'controllers', id }, summary: `Controller ${c.serial} claimed by ${user.email}`, before: { owner: null }, after: { owner: user.id } }, req)
    }
    return (await payload.findByID({ collection: 'controllers', id, depth: 1, user, overrideAccess: false }))
  })
}
