import type { Endpoint } from 'payload'

import { isStaff } from '@/access/roles'
import { notFound } from '@/domain/errors'
import { parseId } from '@/domain/ids'
import { issueLicense, parseRequestedOptions } from '@/domain/issue-license'
import { readLicenseNeed } from '@/domain/option-provenance'
import { readBody, requireUser } from '@/domain/read-body'

/**
 * POST /api/controllers/:id/apply {"options": [codes to be active]} — the owner, or staff on the
 * owner's behalf: issues the controller's next license → 201 {license}.
 */
export const applyEndpoint: Endpoint = {
  path: '/:id/apply',
  method: 'post',
  handler: async (req) => {
    const user = requireUser(req)
    const id = parseId(req.payload, req.routeParams?.id)
    if (id === null) throw notFound('No such controller in your account.')
    const body = await readBody(req)
    const options = parseRequestedOptions(body.options)
    const license = await issueLicense(req.payload, {
      controllerId: id,
      options,
      issuedBy: user.id,
      issuedByLabel: user.email,
      onlyIfOwnedBy: isStaff(user) ? undefined : user.id,
      requester: user,
    })
    return Response.json({ license }, { status: 201 })
  },
}

/**
 * GET /api/controllers/:id/license-status — the owner or staff: whether the controller needs a new
 * license because its latest one says more than it may now (an option refunded or no longer backed by
 * a payment or term, or a revoked signing key) → 200 {needed, withdrawn, revokedKid, sequence}.
 * Read-only; derived from the stored facts at the time of the request (src/domain/option-provenance.ts).
 */
export const licenseStatusEndpoint: Endpoint = {
  path: '/:id/license-status',
  method: 'get',
  handler: async (req) => {
    const user = requireUser(req)
    const missing = notFound('No such controller in your account.')
    const id = parseId(req.payload, req.routeParams?.id)
    if (id === null) throw missing
    const need = await readLicenseNeed(req.payload, id, { onlyIfOwnedBy: isStaff(user) ? undefined : user.id })
    if (!need) throw missing
    return Response.json(need, { headers: { 'cache-control': 'private, no-store' } })
  },
}
