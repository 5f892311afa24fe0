import type { Endpoint } from 'payload'

import { notFound } from '@/domain/errors'
import { parseId } from '@/domain/ids'
import { readBody, requireUser } from '@/domain/read-body'
import { changeTerms } from '@/domain/staff-terms'

/**
 * POST /api/controllers/:id/option-terms — staff: {"action": "grant", "option", "until", "reason"} (an
 * option until a date, or a later end), {"action": "end", "option", "reason"} (now), {"action":
 * "maintenance", "until", "reason"} (firmware updates covered until) → 200 with the new end.
 */
export const optionTermsEndpoint: Endpoint = {
  path: '/:id/option-terms',
  method: 'post',
  handler: async (req) => {
    requireUser(req)
    const id = parseId(req.payload, req.routeParams?.id)
    if (id === null) throw notFound('No such controller.')
    return Response.json(await changeTerms(req.payload, req, id, await readBody(req)), { status: 200 })
  },
}
