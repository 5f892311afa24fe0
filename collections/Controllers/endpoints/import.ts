import type { Endpoint } from 'payload'

import { badRequest } from '@/domain/errors'
import { importControllers } from '@/domain/import-controllers'
import { readBody, requireUser } from '@/domain/read-body'

const MAX_BYTES = 2 * 1024 * 1024

/**
 * POST /api/controllers/import — staff. Body: the CSV itself (text/csv or text/plain), or JSON
 * {"csv": "…", "dryRun": true}. → 200 preview / 201 imported / 422 with row errors (nothing imported):
 * {rows, errors: [{row, field, message}], created, dryRun}.
 */
export const importEndpoint: Endpoint = {
  path: '/import',
  method: 'post',
  handler: async (req) => {
    requireUser(req)
    const type = req.headers.get('content-type') ?? ''
    let csv: unknown
    let dryRun = false
    if (type.includes('json')) {
      const body = await readBody(req)
      csv = body.csv
      dryRun = body.dryRun === true
    } else {
      csv = (await req.text?.()) ?? ''
      dryRun = new URL(req.url ?? 'http://x/').searchParams.get('dryRun') === '1'
    }
    if (typeof csv === 'string' && Buffer.byteLength(csv) > MAX_BYTES) throw badRequest('The CSV is larger than 2 MB; split it into smaller files.')
    const result = await importControllers(req.payload, req, csv, dryRun)
    const status = result.errors.length ? 422 : result.created ? 201 : 200
    return Response.json(result, { status })
  },
}
