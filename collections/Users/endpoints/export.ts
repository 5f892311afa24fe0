import type { Endpoint } from 'payload'

import { isStaff, sameId } from '@/access/roles'
import { notFound } from '@/domain/errors'
import { parseId } from '@/domain/ids'
import { requireUser } from '@/domain/read-body'
import { exportAccount } from '@/privacy/export'

/**
 * GET /api/users/me/export — the logged-in customer's data as one ZIP archive (src/privacy/export.ts);
 * GET /api/users/:id/export — the same for staff, for an account they may read (managers: customers).
 * Any other account is "not found", as in every other place the portal looks up someone else's record.
 * Rate-limited per client address (RATE_LIMIT_EXPORT, src/server/rate-limits.ts).
 */
export const exportEndpoint: Endpoint = {
  path: '/:id/export',
  method: 'get',
  handler: async (req) => {
    const user = requireUser(req)
    const raw = req.routeParams?.id
    const id = raw === 'me' ? user.id : parseId(req.payload, raw)
    const missing = notFound('No such account.')
    if (id === null) throw missing
    if (!sameId(id, user.id)) {
      if (!isStaff(user)) throw missing
      const visible = await req.payload.count({ collection: 'users', where: { id: { equals: id } }, user, overrideAccess: false, req })
      if (!visible.totalDocs) throw missing
    }
    const { filename, archive, counts } = await exportAccount(req.payload, id)
    req.payload.logger.info({ account: id, by: user.id, ...counts }, 'account data exported')
    return new Response(new Uint8Array(archive), {
      status: 200,
      headers: {
        'content-type': 'application/zip',
        'content-disposition': `attachment; filename="${filename}"`,
        'content-length': String(archive.length),
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    })
  },
}
