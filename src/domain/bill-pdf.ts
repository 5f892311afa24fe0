/**
 * The bill of an order as a PDF (pdfkit, pure JS): seller with bank details, buyer, items, total and
 * the payment reference — the same content as the portal's bill, from the order's own bill snapshot.
 * Uncompressed so the document stays greppable; bills are one page.
 */
import fs from 'node:fs'
import PDFDocument from 'pdfkit'

import type { Order } from '@payload-types'

import { billPdfFont } from '@/config/mail'

/** What a bill shows of an order (its own snapshot of seller and buyer). */
export type BillOrder = Pick<Order, 'number' | 'status' | 'total' | 'currency' | 'items' | 'paymentReference' | 'paidAt' | 'bill'>

/** A Unicode font for Cyrillic names when one is installed (BILL_PDF_FONT, or Debian's DejaVu); else (or BILL_PDF_FONT=builtin) Helvetica. */
function unicodeFont(bold: boolean): string | null {
  const configured = billPdfFont(bold)
  if (configured === 'builtin') return null
  const candidates = [configured, `/usr/share/fonts/truetype/dejavu/DejaVuSans${bold ? '-Bold' : ''}.ttf`]
  return candidates.find((p) => p && fs.existsSync(p)) ?? null
}

export const formatMoney = (minor: number, currency: string) => `${(minor / 100).toFixed(2)} ${currency}`
const day = (iso?: string | null) => (iso ? iso.slice(0, 10) : '—')
const STATUS: Record<string, string> = { awaiting_payment: 'Awaiting payment', paid: 'Paid', cancelled: 'Cancelled', refunded: 'Refunded' }

export function renderBillPdf(order: BillOrder, extra: { serial?: string } = {}): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4', margin: 50, compress: false, info: { Title: `Bill ${order.number}`, Author: 'PUMOTIX', Subject: `Bill ${order.number}` } })
  const regular = unicodeFont(false)
  const bold = unicodeFont(true)
  if (regular) doc.registerFont('body', regular)
  if (bold) doc.registerFont('bold', bold)
  const font = (b = false) => doc.font(b ? (bold ? 'bold' : 'Helvetica-Bold') : regular ? 'body' : 'Helvetica')
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)))
    doc.on('error', reject)
  })

  const seller = order.bill?.seller ?? {}
  const buyer = order.bill?.buyer ?? {}
  const reference = order.bill?.paymentReference || order.number
  font(true).fontSize(20).text(`Bill ${order.number}`)
  font().fontSize(10).fillColor('#444').text(`Issued ${day(order.bill?.issuedAt)} · due ${day(order.bill?.dueAt)} · ${STATUS[order.status ?? ''] ?? order.status ?? ''}`)
  doc.moveDown().fillColor('black')

  const top = doc.y
  font(true).fontSize(11).text('Seller', 50, top)
  font().fontSize(10).text([seller.name, seller.address, seller.vatId && `VAT ID ${seller.vatId}`].filter(Boolean).join('\n'), 50, doc.y, { width: 240 })
  const sellerBottom = doc.y
  font(true).fontSize(11).text('Buyer', 310, top)
  font().fontSize(10).text([buyer.name, buyer.email, buyer.phone].filter(Boolean).join('\n'), 310, doc.y, { width: 240 })
  doc.y = Math.max(sellerBottom, doc.y)
  doc.x = 50
  doc.moveDown()
  if (extra.serial) font().fontSize(10).text(`Controller serial number ${extra.serial}`).moveDown(0.5)

  const row = (cells: [string, string, string], isBold = false) => {
    const y = doc.y
    font(isBold).fontSize(10)
    doc.text(cells[0], 50, y, { width: 90 })
    doc.text(cells[1], 145, y, { width: 280 })
    doc.text(cells[2], 430, y, { width: 115, align: 'right' })
    doc.x = 50
    doc.moveDown(0.3)
  }
  row(['Option', 'Description', 'Price'], true)
  doc.moveTo(50, doc.y).lineTo(545, doc.y).stroke().moveDown(0.3)
  for (const item of order.items ?? []) row([item.code, `${item.name ?? item.code}${item.months ? ` (rented for ${item.months} month${item.months === 1 ? '' : 's'})` : ''}`, formatMoney(item.unitPrice, item.currency)])
  doc.moveTo(50, doc.y).lineTo(545, doc.y).stroke().moveDown(0.3)
  row(['', 'Total', formatMoney(order.total, order.currency)], true)
  doc.moveDown()

  font(true).fontSize(11).text('Payment by bank transfer')
  font().fontSize(10).text(
    [
      `Account holder: ${seller.accountHolder ?? seller.name ?? ''}`,
      `Bank: ${seller.bankName ?? ''}`,
      `IBAN: ${seller.iban ?? ''}`,
      `BIC: ${seller.bic ?? ''}`,
      `Amount: ${formatMoney(order.total, order.currency)}`,
      `Payment reference: ${reference}`,
    ].join('\n'),
  )
  doc.moveDown()
  font().fontSize(9).fillColor('#444').text(`Please quote the payment reference ${reference} with your transfer so we can match it to this bill.`)
  if (order.status === 'paid') doc.moveDown(0.5).fillColor('black').text(`Paid on ${day(order.paidAt)}${order.paymentReference ? ` (${order.paymentReference})` : ''}.`)
  doc.end()
  return done
}
