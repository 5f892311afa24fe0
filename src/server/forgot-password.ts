/**
 * POST /api/users/forgot-password, answered before any work is done: the same 200 after the same
 * time for every address, known or not (Payload's own handler looks the address up, writes the reset
 * token and sends the e-mail inside the request, so a known address would answer much slower, and an
 * SMTP outage would answer 503 only for known addresses). The work — Payload's forgotPassword
 * operation, with its per-user interval and the product's reset e-mail — runs right after the answer.
 * When the mail server cannot be reached at all, every address gets the same 503.
 */
import type { NextFunction, Request as ExpressRequest, Response } from 'express'
import type { Payload } from 'payload'

import { mailServerUp } from '@/mail/mail-health'

const MAX_BYTES = 64 * 1024

async function readRaw(req: ExpressRequest): Promise<Buffer | null> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req) {
    size += (chunk as Buffer).length
    if (size > MAX_BYTES) return null
    chunks.push(chunk as Buffer)
  }
  return Buffer.concat(chunks)
}

/** The e-mail address from a JSON body, or from a form (Payload's admin sends `_payload` as multipart form data). */
async function emailOf(req: ExpressRequest): Promise<string | null> {
  const raw = await readRaw(req)
  if (!raw) return null
  const type = req.headers['content-type'] ?? ''
  let data: unknown
  try {
    if (/multipart\/form-data|application\/x-www-form-urlencoded/i.test(type)) {
      const form = await new Request('http://localhost/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(raw) }).formData()
      const inner = form.get('_payload')
      data = typeof inner === 'string' ? JSON.parse(inner) : { email: form.get('email') }
    } else data = JSON.parse(raw.toString('utf8'))
  } catch {
    return null
  }
  const email = data && typeof data === 'object' ? (data as { email?: unknown }).email : undefined
  return typeof email === 'string' && email.trim() ? email.trim() : null
}

export function forgotPasswordWithoutTelling(payload: Payload) {
  return async (req: ExpressRequest, res: Response, next: NextFunction) => {
    try {
      const email = await emailOf(req)
      if (!email) return void res.status(400).json({ errors: [{ message: 'Missing email.' }] })
      // The mail is the point of this request: an unreachable mail server is reported — to every address alike.
      if (!(await mailServerUp())) {
        return void res.status(503).json({ errors: [{ message: 'We cannot send e-mail right now. Please try again in a few minutes.' }] })
      }
      // Start the work once the answer is on its way, so it cannot delay the answer.
      res.once('finish', () =>
        setImmediate(() => {
          payload.forgotPassword({ collection: 'users', data: { email } }).catch((err: unknown) => {
            payload.logger.warn({ err }, 'password reset request could not be completed')
          })
        }),
      )
      res.status(200).json({ message: 'Success' })
    } catch (err) {
      next(err)
    }
  }
}
