import type { Endpoint } from 'payload'

import { placeOrder } from '@/domain/place-order'
import { readBody, requireUser } from '@/domain/read-body'

/**
 * POST /api/orders {"controller": id, "items": [{"option": id}, …]} → 201 {doc, message}.
 * Replaces Payload's generic create so every order goes through the same server-side rules.
 */
export const placeOrderEndpoint: Endpoint = {
  path: '/',
  method: 'post',
  handler: async (req) => {
    requireUser(req)
    const body = await readBody(req)
    const doc = await placeOrder(req.payload, req, body)
    return Response.json({ doc, message: `Order ${doc.number} placed. Pay the bill to switch the options on.` }, { status: 201 })
  },
}
