import type { Endpoint } from 'payload'

import { certifyWithDevelopmentRoot } from '@/domain/signing-keys'
import { adminKeyId, keySummary } from './admin-key'

/**
 * POST /api/signing-keys/:id/certify-with-development-root — admins, outside production only: certifies
 * the key with this installation's development root, so rotation can be tried without the offline tool.
 */
export const certifyWithDevelopmentRootEndpoint: Endpoint = {
  path: '/:id/certify-with-development-root',
  method: 'post',
  handler: async (req) => {
    const id = adminKeyId(req, 'certify signing keys')
    const doc = await certifyWithDevelopmentRoot(req.payload, id, req)
    return Response.json({ key: keySummary(doc) }, { status: 200 })
  },
}
