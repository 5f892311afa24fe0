import type { Endpoint } from 'payload'

import { isStaff } from '@/access/roles'
import { notFound } from '@/domain/errors'
import { parseId } from '@/domain/ids'
import { issueLicense, parseRequestedOptions } from '@/domain/issue-license'
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
