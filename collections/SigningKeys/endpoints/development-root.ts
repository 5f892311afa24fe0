import type { Endpoint } from 'payload'

import { isAdmin } from '@/access/roles'
import { forbidden } from '@/domain/errors'
import { developmentRoot } from '@/domain/license-roots'
import { requireUser } from '@/domain/read-body'

/** GET /api/signing-keys/development-root — admins: whether this installation has a development root (never in production). */
export const developmentRootEndpoint: Endpoint = {
  path: '/development-root',
  method: 'get',
  handler: async (req) => {
    if (!isAdmin(requireUser(req))) throw forbidden('Only an administrator can see the license roots.')
    const root = developmentRoot()
    return Response.json({ available: root !== null, kid: root?.kid ?? null })
  },
}
