import type { Endpoint } from 'payload'

import { isStaff } from '@/access/roles'
import { forbidden, notFound } from '@/domain/errors'
import { parseId } from '@/domain/ids'
import { requireUser } from '@/domain/read-body'
import { refundPreview } from '@/domain/refund-preview'

/**
 * GET /api/orders/:id/refund-preview — staff only, read-only: the issued licenses of the order's
 * controller that carry its options (the refund dialog names them: a refund cannot reach into a
 * license already on the controller, which then needs a new one).
 */
export const refundPreviewEndpoint: Endpoint = {
  path: '/:id/refund-preview',
  method: 'get',
  handler: async (req) => {
    const user = requireUser(req)
    if (!isStaff(user)) throw forbidden('Only managers and administrators refund orders.')
    const id = parseId(req.payload, req.routeParams?.id)
    if (id === null) throw notFound('No such order.')
    return Response.json(await refundPreview(req.payload, id), { headers: { 'cache-control': 'private, no-store' } })
  },
}
