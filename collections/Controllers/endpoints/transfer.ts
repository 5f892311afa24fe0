import type { Endpoint } from 'payload'

import { notFound } from '@/domain/errors'
import { parseId } from '@/domain/ids'
import { readBody, requireUser } from '@/domain/read-body'
import { transferController } from '@/domain/transfer-controller'

/** POST /api/controllers/:id/transfer {"email": new owner, "reason": "…"} — staff only → 200 {controller}. */
export const transferEndpoint: Endpoint = {
  path: '/:id/transfer',
  method: 'post',
  handler: async (req) => {
    requireUser(req)
    const id = parseId(req.payload, req.routeParams?.id)
    if (id === null) throw notFound('No such controller.')
    const controller = await transferController(req.payload, req, id, await readBody(req))
    return Response.json({ controller, message: `Controller ${controller.serial} transferred.` }, { status: 200 })
  },
}
