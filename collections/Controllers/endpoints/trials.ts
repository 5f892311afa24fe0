import type { Endpoint } from 'payload'

import { notFound } from '@/domain/errors'
import { parseId } from '@/domain/ids'
import { readBody, requireUser } from '@/domain/read-body'
import { startTrial } from '@/domain/trials'

/** POST /api/controllers/:id/trials {"option": "CODE"} — the owner (or staff): a free trial → 201 {entitlement, until}. */
export const trialsEndpoint: Endpoint = {
  path: '/:id/trials',
  method: 'post',
  handler: async (req) => {
    requireUser(req)
    const id = parseId(req.payload, req.routeParams?.id)
    if (id === null) throw notFound('No such controller in your account.')
    const entitlement = await startTrial(req.payload, req, id, await readBody(req))
    return Response.json({ entitlement, until: entitlement.until }, { status: 201 })
  },
}
