import type { Endpoint } from 'payload'

import { renderBillPdf } from '@/domain/bill-pdf'
import { populated } from '@/domain/documents'
import { notFound } from '@/domain/errors'
import { parseId } from '@/domain/ids'
import { requireUser } from '@/domain/read-body'

/** GET /api/orders/:id/bill.pdf — the bill as a PDF, for the order's customer or staff. */
export const billPdfEndpoint: Endpoint = {
  path: '/:id/bill.pdf',
  method: 'get',
  handler: async (req) => {
    const user = requireUser(req)
    const missing = notFound('No such order in your account.')
    const id = parseId(req.payload, req.routeParams?.id)
    if (id === null) throw missing
    const found = await req.payload.find({ collection: 'orders', where: { id: { equals: id } }, limit: 1, depth: 1, user, overrideAccess: false })
    const order = found.docs[0]
    if (!order) throw missing
    const serial = populated(order.controller)?.serial
    const pdf = await renderBillPdf(order, { serial })
    return new Response(new Uint8Array(pdf), {
      status: 200,
      headers: {
        'content-type': 'application/pdf',
        'content-disposition': `inline; filename="${order.number}.pdf"`,
        'cache-control': 'private, no-store',
        'x-content-type-options': 'nosniff',
      },
    })
  },
}
