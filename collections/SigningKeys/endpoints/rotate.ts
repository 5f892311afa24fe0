import type { Endpoint } from 'payload'

import { isAdmin } from '@/access/roles'
import { forbidden, badRequest } from '@/domain/errors'
import { readBody, requireUser } from '@/domain/read-body'
import { rotateSigningKey } from '@/domain/signing-keys'
import { isLicenseAlg } from '@/licensing'

/** POST /api/signing-keys/rotate {"confirm": true, "alg"?: "ed25519"} — admins only. */
export const rotateEndpoint: Endpoint = {
  path: '/rotate',
  method: 'post',
  handler: async (req) => {
    const user = requireUser(req)
    if (!isAdmin(user)) throw forbidden('Only an administrator can rotate signing keys.')
    const body = await readBody(req)
    if (body.confirm !== true) throw badRequest('Rotation needs {"confirm": true}: the new key signs every license from now on.')
    const alg = body.alg ?? 'ed25519'
    if (!isLicenseAlg(alg)) throw badRequest('alg must be "ed25519" or "rsa-pss-sha256".')
    const doc = await rotateSigningKey(req.payload, alg, req)
    return Response.json({ key: { kid: doc.kid, alg: doc.alg, status: doc.status, createdAt: doc.createdAt } }, { status: 201 })
  },
}
