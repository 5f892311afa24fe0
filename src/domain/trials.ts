/**
 * A free trial: an option that offers one is available at once, with no bill, until `trialDays`
 * from now — once per option per controller, ever (the option term's key is the controller and the
 * option, so releasing and claiming the controller again gives no second trial).
 */
import type { Payload, PayloadRequest } from 'payload'

import { isStaff, sameId } from '@/access/roles'
import { recordAudit } from './audit'
import { now as clock } from './clock'
import { addDays } from './dates'
import { createTerm, isUpdatesPlan, requireEndDates, rowFor, stateAt } from './dated-options'
import { entitlementForSave, refId, type Id } from './documents'
import { badRequest, conflict, notFound, unprocessable } from './errors'
import { withLock } from './keyed-mutex'

export const trialKey = (controllerId: Id, optionId: Id) => `trial:${controllerId}:${optionId}`

export interface StartedTrial {
  option: string
  state: 'available'
  source: 'trial'
  until: string
}

export async function startTrial(payload: Payload, req: PayloadRequest, controllerId: Id, body: Record<string, unknown>, now = clock()): Promise<StartedTrial> {
  const user = req.user
  if (!user) throw badRequest('Please log in first.')
  const code = typeof body.option === 'string' ? body.option.trim() : ''
  if (!code || code.length > 64) throw badRequest('"option" must be the code of the option to try, e.g. {"option": "THC"}.')
  const missing = notFound('No such controller in your account.')
  return withLock(`controller:${controllerId}`, async () => {
    const found = await payload.find({ collection: 'controllers', where: { id: { equals: controllerId } }, limit: 1, depth: 0, overrideAccess: true, req })
    const controller = found.docs[0]
    if (!controller) throw missing
    const ownerId = refId(controller.owner)
    if (ownerId == null || (!isStaff(user) && !sameId(ownerId, user.id))) throw missing
    const options = await payload.find({ collection: 'options', where: { code: { equals: code } }, limit: 1, depth: 0, overrideAccess: true, req })
    const option = options.docs[0]
    if (!option || !option.onSale) throw unprocessable(`There is no option ${code} to try.`, { option: code })
    if (isUpdatesPlan(option) || !option.trialDays) throw unprocessable(`Option ${code} has no free trial.`, { option: code })
    if (!(option.modelIds ?? []).includes(controller.modelId)) throw unprocessable(`Option ${code} does not fit the ${controller.model} (model ${controller.modelId}).`, { option: code })
    requireEndDates(controller)
    if ((controller.factoryOptions ?? []).some((f) => sameId(refId(f), option.id))) throw unprocessable(`Option ${code} is included with controller ${controller.serial}.`, { option: code })
    const row = rowFor(controller, option.id)
    if (row && stateAt(row, now) !== 'ended') throw unprocessable(`Controller ${controller.serial} already has option ${code} (${row.state === 'awaiting_payment' ? 'ordered, waiting for payment' : 'bought, rented or on trial'}).`, { option: code })

    const until = addDays(now, option.trialDays).toISOString()
    const created = await createTerm(payload, { key: trialKey(controller.id, option.id), controller: controller.id, option: option.id, code, kind: 'trial', from: now.toISOString(), until, by: user.id }, req)
    if (!created) throw conflict(`Option ${code} was tried on controller ${controller.serial} before; a trial is once per controller. Buy or rent it to use it again.`)

    const fresh = { option: option.id, state: 'available' as const, source: 'trial' as const, order: null, until, licensedUntil: null, grantedAt: now.toISOString(), activatedAt: null }
    const rows = (controller.entitlements ?? []).map(entitlementForSave).filter((r) => !sameId(refId(r.option), option.id))
    await payload.update({ collection: 'controllers', id: controller.id, overrideAccess: true, depth: 0, req, data: { entitlements: [...rows, fresh] } })
    await recordAudit(payload, { action: 'option.trial_started', subject: { collection: 'controllers', id: controller.id }, summary: `Free trial of ${code} on controller ${controller.serial} until ${until}`, after: { option: code, until } }, req)
    return { option: code, state: 'available', source: 'trial', until }
  })
}
