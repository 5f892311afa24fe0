/**
 * /api/users/unsubscribe?token=… — the one-click unsubscribe of news e-mails (RFC 8058), no login.
 * POST (from mail clients with body "List-Unsubscribe=One-Click", or from the portal's confirmation
 * page) clears newsSubscribed; GET (a person opening the link) redirects to that confirmation page.
 * A missing or forged token gets 400 with a clear message.
 */
import type { Endpoint, PayloadRequest } from 'payload'

import { serverURL } from '@/config/env'
import { parseId } from '@/domain/ids'
import { verifyUnsubscribeToken } from '@/mail/unsubscribe-token'

const invalid = () =>
  Response.json(
    { errors: [{ message: 'This unsubscribe link is invalid or incomplete. Open the link from the e-mail again, or change your subscription in your account.' }] },
    { status: 400 },
  )

async function readForm(req: PayloadRequest): Promise<URLSearchParams> {
  try {
    const raw = (await req.text?.()) ?? ''
    if (!raw) return new URLSearchParams()
    if (raw.trim().startsWith('{')) {
      const json = JSON.parse(raw) as Record<string, unknown>
      return new URLSearchParams(Object.entries(json).map(([k, v]) => [k, String(v)]))
    }
    return new URLSearchParams(raw)
  } catch {
    return new URLSearchParams()
  }
}

export const unsubscribeEndpoints: Endpoint[] = [
  {
    path: '/unsubscribe',
    method: 'get',
    handler: async (req) => {
      const token = req.searchParams.get('token') ?? ''
      return new Response(null, { status: 303, headers: { location: `${serverURL()}/unsubscribe?token=${encodeURIComponent(token)}` } })
    },
  },
  {
    path: '/unsubscribe',
    method: 'post',
    handler: async (req) => {
      const form = await readForm(req)
      const token = req.searchParams.get('token') || form.get('token')
      const userId = verifyUnsubscribeToken(token)
      if (!userId) return invalid()
      const id = parseId(req.payload, userId)
      if (id === null) return invalid()
      const user = await req.payload.findByID({ collection: 'users', id, depth: 0, overrideAccess: true, disableErrors: true, req })
      if (user?.newsSubscribed) {
        await req.payload.update({ collection: 'users', id, data: { newsSubscribed: false }, overrideAccess: true, depth: 0, req })
      }
      if (form.get('from') === 'page') {
        return new Response(null, { status: 303, headers: { location: `${serverURL()}/unsubscribe?done=1` } })
      }
      return Response.json({ unsubscribed: true, message: 'You will no longer receive PUMOTIX news by e-mail.' })
    },
  },
]
