import type { Endpoint } from 'payload'

import { notFound } from '@/domain/errors'
import { parseId } from '@/domain/ids'
import { readBody, requireUser } from '@/domain/read-body'
import { releaseController } from '@/domain/transfer-controller'

/** POST /api/controllers/:id/release {"reason": "…"} — staff only: back to unclaimed → 200 {controller}. */
export const releaseEndpoint: Endpoint = {
  path: '/:id/release',
  method: 'post',
  handler: async (req) => {
    requireUser(req)
    const id = parseId(req.payload, req.routeParams?.id)
    if (id === null) throw notFound('No such controller.')
    const controller = await releaseController(req.payload, req, id, await readBody(req))
    return Response.json({ controller, message: `Controller ${controller.serial} released.` }, { status: 200 })
  },
}
