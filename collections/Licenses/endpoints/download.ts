import type { Endpoint } from 'payload'

import { notFound } from '@/domain/errors'
import { parseId } from '@/domain/ids'
import { requireUser } from '@/domain/read-body'

/** GET /api/licenses/:id/download — the license file, for the controller's owner or staff. */
export const downloadEndpoint: Endpoint = {
  path: '/:id/download',
  method: 'get',
  handler: async (req) => {
    const user = requireUser(req)
    const id = parseId(req.payload, req.routeParams?.id)
    const missing = notFound('No such license in your account.')
    if (id === null) throw missing
    const found = await req.payload.find({
      collection: 'licenses',
      where: { id: { equals: id } },
      limit: 1,
      depth: 0,
      user,
      overrideAccess: false,
    })
    const license = found.docs[0]
    if (!license) throw missing
    return new Response(license.file, {
      status: 200,
      headers: {
        'content-type': 'application/x-pumotix-license; charset=utf-8',
        'content-disposition': `attachment; filename="PMX-${license.serial}-${license.sequence}.lic"`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    })
  },
}
