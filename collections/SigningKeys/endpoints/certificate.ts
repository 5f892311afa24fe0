import type { Endpoint } from 'payload'

import { readBody } from '@/domain/read-body'
import { attachCertificate } from '@/domain/signing-keys'
import { adminKeyId, keySummary } from './admin-key'

/**
 * POST /api/signing-keys/:id/certificate {"certificate": "-----BEGIN PUMOTIX SIGNING KEY CERTIFICATE-----…"}
 * — admins: a certificate made offline for this key. A pending key becomes the active key.
 */
export const certificateEndpoint: Endpoint = {
  path: '/:id/certificate',
  method: 'post',
  handler: async (req) => {
    const id = adminKeyId(req, 'upload certificates')
    const body = await readBody(req)
    const doc = await attachCertificate(req.payload, id, body.certificate, req)
    return Response.json({ key: keySummary(doc) }, { status: 200 })
  },
}
