import type { Endpoint } from 'payload'

import { isAdmin } from '@/access/roles'
import { badRequest, forbidden } from '@/domain/errors'
import { readBody, requireUser } from '@/domain/read-body'
import { rotateSigningKey } from '@/domain/signing-keys'
import { isLicenseAlg } from '@/licensing'
import { keySummary } from './admin-key'

/**
 * POST /api/signing-keys/rotate {"confirm": true, "alg"?: "ed25519"} — admins only. Makes a pending key;
 * the current key keeps signing until a certificate for the new one is uploaded.
 */
export const rotateEndpoint: Endpoint = {
  path: '/rotate',
  method: 'post',
  handler: async (req) => {
    const user = requireUser(req)
    if (!isAdmin(user)) throw forbidden('Only an administrator can rotate signing keys.')
    const body = await readBody(req)
    if (body.confirm !== true) throw badRequest('Rotation needs {"confirm": true}: it makes a new key, which signs every license once a root has certified it.')
    const alg = body.alg ?? 'ed25519'
    if (!isLicenseAlg(alg)) throw badRequest('alg must be "ed25519" or "rsa-pss-sha256".')
    const doc = await rotateSigningKey(req.payload, alg, req)
    return Response.json({ key: keySummary(doc), certificationRequestUrl: `/api/signing-keys/${doc.id}/certification-request` }, { status: 201 })
  },
}
