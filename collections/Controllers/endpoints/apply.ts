import type { Endpoint } from 'payload'

import { isStaff, sameId } from '../../../access/roles'
import { notFound } from '../../../src/domain/errors'
import { parseId } from '../../../src/domain/ids'
import { issueLicense, parseRequestedOptions } from '../../../src/domain/issue-license'
import { readBody, requireUser } from '../../../src/domain/read-body'

/**
 * POST /api/controllers/:id/apply {"options": [codes to be active]} — the owner, or staff on the
 * owner's behalf: issues the controller's next license → 201 {license}.
 */
export const applyEndpoint: Endpoint = {
  path: '/:id/apply',
  method: 'post',
  handler: async (req) => {
    const user = requireUser(req)
    const missing = notFound('No such controller in your account.')
    const id = parseId(req.payload, req.routeParams?.id)
    if (id === null) throw missing
    const body = await readBody(req)
    const options = parseRequestedOptions(body.options)
    const found = await req.payload.find({ collection: 'controllers', where: { id: { equals: id } }, depth: 0, limit: 1, overrideAccess: true })
    const controller = found.docs[0]
    if (!controller || !(isStaff(user) || sameId(controller.owner, user.id))) throw missing
    const license = await issueLicense(req.payload, { controllerId: controller.id, options, issuedBy: user.id, issuedByLabel: user.email })
    return Response.json({ license }, { status: 201 })
  },
}
