/**
 * Attachments are stored in a mail job as descriptors (plain JSON) and made when the job runs, so a
 * queued message never carries a stale or large binary: `{ kind: 'bill-pdf', orderId }` → the bill PDF.
 */
import type { PayloadRequest } from 'payload'

import { renderBillPdf } from '@/domain/bill-pdf'
import { populated } from '@/domain/documents'

export interface AttachmentDescriptor {
  kind: 'bill-pdf'
  orderId: string
}

export interface MailAttachment {
  filename: string
  content: Buffer
  contentType: string
}

export async function makeAttachments(descriptors: AttachmentDescriptor[] | undefined, req: PayloadRequest): Promise<MailAttachment[]> {
  const out: MailAttachment[] = []
  for (const d of descriptors ?? []) {
    if (d.kind !== 'bill-pdf') throw new Error(`unknown attachment kind "${String(d.kind)}"`)
    const order = await req.payload.findByID({ collection: 'orders', id: d.orderId, depth: 1, overrideAccess: true, req })
    const serial = populated(order.controller)?.serial
    out.push({ filename: `${order.number}.pdf`, content: await renderBillPdf(order, { serial }), contentType: 'application/pdf' })
  }
  return out
}
