import type { Endpoint } from 'payload'

import { certificationRequestFile } from '@/domain/signing-keys'
import { adminKeyId } from './admin-key'

/** GET /api/signing-keys/:id/certification-request — admins: the file to certify offline (pumotix-keys certify). */
export const certificationRequestEndpoint: Endpoint = {
  path: '/:id/certification-request',
  method: 'get',
  handler: async (req) => {
    const id = adminKeyId(req, 'download certification requests')
    const { kid, text } = await certificationRequestFile(req.payload, id)
    return new Response(text, {
      status: 200,
      headers: {
        'content-type': 'text/plain; charset=utf-8',
        'content-disposition': `attachment; filename="${kid}.request.pem"`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    })
  },
}
