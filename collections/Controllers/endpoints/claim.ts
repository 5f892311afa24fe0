import type { Endpoint } from 'payload'

import { claimController } from '@/domain/claim-controller'
import { readBody, requireUser } from '@/domain/read-body'

/** POST /api/controllers/claim {"requestCode": "PMX1-…"} → 200 {controller}. */
export const claimEndpoint: Endpoint = {
  path: '/claim',
  method: 'post',
  handler: async (req) => {
    requireUser(req)
    const body = await readBody(req)
    const controller = await claimController(req.payload, req, body.requestCode)
    return Response.json({ controller }, { status: 200 })
  },
}
