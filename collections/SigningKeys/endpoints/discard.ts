import type { Endpoint } from 'payload'

import { discardPendingKey } from '@/domain/signing-keys'
import { adminKeyId } from './admin-key'

/** POST /api/signing-keys/:id/discard — admins: a pending key that will not be certified is deleted. */
export const discardEndpoint: Endpoint = {
  path: '/:id/discard',
  method: 'post',
  handler: async (req) => {
    const id = adminKeyId(req, 'discard signing keys')
    await discardPendingKey(req.payload, id, req)
    return Response.json({ discarded: true }, { status: 200 })
  },
}
