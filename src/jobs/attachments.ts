/**
 * A mail job's attachments, made when the job runs from the descriptors queued with the message
 * (src/mail/queue-email.ts): `{ kind: 'bill-pdf', orderId }` → the bill PDF.
 */
import type { PayloadRequest } from 'payload'

import type { AttachmentDescriptor } from '@/mail/queue-email'

import { renderBillPdf } from '@/domain/bill-pdf'
import { populated } from '@/domain/documents'

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
