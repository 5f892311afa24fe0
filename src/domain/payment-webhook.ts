/**
 * The payment provider's webhook: a signed "payment.succeeded" marks the order paid, once.
 * Signature header: `X-Pumotix-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">`
 * with PAYMENT_WEBHOOK_SECRET; older than 5 minutes (or from the future) is refused.
 */
import crypto from 'node:crypto'
import type { Payload } from 'payload'

import { paymentWebhookSecret } from '@/config/licensing'
import { refId } from './documents'
import { ClientError, badRequest, unprocessable } from './errors'
import { withLock } from './keyed-mutex'

const TOLERANCE_SECONDS = 5 * 60

export function webhookSecret(): string | null {
  return paymentWebhookSecret()
}

export function signWebhook(body: string, secret: string, t = Math.floor(Date.now() / 1000)): string {
  const mac = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')
  return `t=${t},v1=${mac}`
}

export function checkSignature(header: string | null, body: string, secret: string, now = Date.now()): void {
  const unauthorized = (m: string) => new ClientError(m, 401)
  if (!header) throw unauthorized('Missing X-Pumotix-Signature header.')
  const parts = Object.fromEntries(header.split(',').map((p) => p.trim().split('=', 2) as [string, string]))
  const t = Number(parts.t)
  if (!Number.isInteger(t) || !/^[0-9a-f]{64}$/i.test(parts.v1 ?? '')) throw unauthorized('Malformed X-Pumotix-Signature header.')
  if (Math.abs(now / 1000 - t) > TOLERANCE_SECONDS) throw unauthorized('Stale signature: the timestamp is more than 5 minutes away from now.')
  const expected = crypto.createHmac('sha256', secret).update(`${t}.${body}`).digest()
  const given = Buffer.from(parts.v1, 'hex')
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw unauthorized('Invalid signature.')
}

interface PaymentEvent {
  event: 'payment.succeeded'
  paymentId: string
  orderNumber: string
  amount: number
  currency: string
}

export function parseEvent(raw: string): PaymentEvent {
  let body: unknown
  try {
    body = JSON.parse(raw)
  } catch {
    throw badRequest('The body is not valid JSON.')
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest('The body must be a JSON object.')
  const b: Partial<Record<keyof PaymentEvent, unknown>> = body
  if (b.event !== 'payment.succeeded') throw badRequest(`Unsupported event ${JSON.stringify(b.event)}; only "payment.succeeded" is handled.`)
  if (typeof b.paymentId !== 'string' || !/^[\w.:-]{1,128}$/.test(b.paymentId)) throw badRequest('paymentId must be a string of 1–128 letters, digits, . : _ -.')
  if (typeof b.orderNumber !== 'string' || b.orderNumber.length > 64) throw badRequest('orderNumber must be the order number, e.g. PMX-2026-000123.')
  if (typeof b.amount !== 'number' || !Number.isInteger(b.amount) || b.amount < 0) throw badRequest('amount must be a whole number of minor units.')
  if (typeof b.currency !== 'string' || !/^[A-Z]{3}$/.test(b.currency)) throw badRequest('currency must be an ISO 4217 code such as EUR.')
  return { event: b.event, paymentId: b.paymentId, orderNumber: b.orderNumber, amount: b.amount, currency: b.currency }
}

const markPaid = (payload: Payload, id: string | number, paymentId: string) =>
  payload.update({ collection: 'orders', id, overrideAccess: true, data: { status: 'paid', paymentReference: paymentId }, context: { auditActorLabel: 'payment webhook' } })

export async function handlePaymentWebhook(payload: Payload, raw: string, signature: string | null) {
  const secret = webhookSecret()
  if (!secret) throw new ClientError('Payment webhooks are not configured on this server (PAYMENT_WEBHOOK_SECRET).', 401)
  checkSignature(signature, raw, secret)
  const event = parseEvent(raw)
  const found = await payload.find({ collection: 'orders', where: { number: { equals: event.orderNumber } }, limit: 1, depth: 0, overrideAccess: true })
  const order = found.docs[0]
  if (!order) throw unprocessable(`No order ${event.orderNumber}.`)
  return withLock(`order:${order.id}`, async () => {
    const seen = await payload.find({ collection: 'payments', where: { paymentId: { equals: event.paymentId } }, limit: 1, depth: 0, overrideAccess: true })
    const current = await payload.findByID({ collection: 'orders', id: order.id, depth: 0, overrideAccess: true })
    if (seen.docs[0]) {
      // A stop between storing the payment and marking the order paid (two writes, no transaction on
      // SQLite) left it unpaid: the provider's re-delivery finishes the job instead of only acknowledging.
      if (current.status === 'awaiting_payment' && String(refId(seen.docs[0].order)) === String(order.id)) await markPaid(payload, order.id, event.paymentId)
      return { status: 200, body: { received: true, duplicate: true } }
    }
    if (event.amount !== current.total || event.currency !== current.currency) {
      throw unprocessable(`Amount ${event.amount} ${event.currency} does not match order ${current.number} (${current.total} ${current.currency}).`)
    }
    if (current.status !== 'awaiting_payment' && current.status !== 'paid') {
      throw unprocessable(`Order ${current.number} is ${current.status}; the payment must be refunded by hand.`)
    }
    await payload.create({
      collection: 'payments',
      overrideAccess: true,
      data: { paymentId: event.paymentId, order: order.id, amount: event.amount, currency: event.currency, receivedAt: new Date().toISOString() },
    })
    if (current.status === 'awaiting_payment') await markPaid(payload, order.id, event.paymentId)
    return { status: 200, body: { received: true, duplicate: false, order: current.number } }
  })
}
