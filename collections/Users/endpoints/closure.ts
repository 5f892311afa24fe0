/**
 * Closing an account (docs/privacy.md): the customer asks in the portal's profile, a confirmation link
 * goes to their address, following it closes the account (src/privacy/close-account.ts). Staff carry
 * out a request from the admin without the link.
 */
import type { Endpoint } from 'payload'
import { generateExpiredPayloadCookie } from 'payload/shared'

import { isStaff, sameId } from '@/access/roles'
import { serverURL } from '@/config/env'
import { recordAudit } from '@/domain/audit'
import { badRequest, forbidden, notFound } from '@/domain/errors'
import { parseId } from '@/domain/ids'
import { readBody, requireUser } from '@/domain/read-body'
import { langOf } from '@/i18n/languages'
import { queueEmail } from '@/mail/queue-email'
import { accountLabel } from '@/privacy/anonymise'
import { closeAccount, refuseStaffAccount } from '@/privacy/close-account'
import { CLOSURE_LINK_TTL_MS, signClosure, verifyClosure } from '@/privacy/closure-token'

const sameMoment = (a: string | null | undefined, b: string) => typeof a === 'string' && new Date(a).getTime() === new Date(b).getTime()

/**
 * POST /api/users/request-closure — the logged-in customer asks to close their account: the request is
 * recorded (closureRequestedAt, the audit log) and a link valid for 24 hours is e-mailed to them.
 * Asking again sends a new link; the older one stops working. Rate-limited per client address.
 */
export const requestClosureEndpoint: Endpoint = {
  path: '/request-closure',
  method: 'post',
  handler: async (req) => {
    const user = requireUser(req)
    if (user.collection !== 'users') throw forbidden()
    refuseStaffAccount(user)
    const requestedAt = new Date().toISOString()
    await req.payload.update({ collection: 'users', id: user.id, data: { closureRequestedAt: requestedAt }, overrideAccess: true, depth: 0, req })
    await recordAudit(
      req.payload,
      {
        action: 'user.closure_requested',
        subject: { collection: 'users', id: user.id },
        summary: `Account ${user.id} asked to be closed; a confirmation link was e-mailed`,
        actor: user.id,
        actorLabel: accountLabel(user.id),
      },
      req,
    )
    const token = signClosure(req.payload.secret, user.id, requestedAt)
    await queueEmail(
      req.payload,
      { template: 'account-closure', to: user.email, lang: langOf(user.language), context: { name: user.name ?? '', url: `${serverURL()}/close-account?token=${encodeURIComponent(token)}` } },
      { req },
    )
    return Response.json({
      message: `A confirmation link has been sent to ${user.email}. Your account is closed when you follow it within 24 hours.`,
      closureRequestedAt: requestedAt,
      linkExpiresAt: new Date(new Date(requestedAt).getTime() + CLOSURE_LINK_TTL_MS).toISOString(),
    })
  },
}

/**
 * POST /api/users/confirm-closure {"token"} — the link from that message (no login needed): closes the
 * account and ends the browser's session. A used, replaced, expired or altered link → 400.
 */
export const confirmClosureEndpoint: Endpoint = {
  path: '/confirm-closure',
  method: 'post',
  handler: async (req) => {
    const body = await readBody(req)
    const invalid = badRequest('This link is invalid, has expired or has already been used. To close your account, log in and ask again in your profile.')
    const claim = verifyClosure(req.payload.secret, body.token)
    if (!claim) throw invalid
    const id = parseId(req.payload, claim.userId)
    if (id === null) throw invalid
    const user = await req.payload.findByID({ collection: 'users', id, depth: 0, overrideAccess: true, disableErrors: true, req })
    if (!user || user.closedAt || !sameMoment(user.closureRequestedAt, claim.requestedAt)) throw invalid
    const report = await closeAccount(req.payload, id, 'link')
    const cookie = generateExpiredPayloadCookie({ collectionAuthConfig: req.payload.collections.users.config.auth, cookiePrefix: req.payload.config.cookiePrefix })
    return Response.json(
      { message: 'Your account is closed.', closedAt: report.closedAt },
      { headers: sameId(req.user?.id, id) || !req.user ? { 'Set-Cookie': cookie } : {} },
    )
  },
}

/**
 * POST /api/users/:id/close {"confirm": true} — staff carry out a closure (the person asked by letter,
 * or did not follow the link): the same erasure, with the staff member in the audit entry.
 */
export const staffCloseEndpoint: Endpoint = {
  path: '/:id/close',
  method: 'post',
  handler: async (req) => {
    const user = requireUser(req)
    if (!isStaff(user)) throw forbidden('Only managers and administrators close accounts for customers; customers close their own in their profile.')
    const id = parseId(req.payload, req.routeParams?.id)
    const missing = notFound('No such account.')
    if (id === null) throw missing
    const visible = await req.payload.count({ collection: 'users', where: { id: { equals: id } }, user, overrideAccess: false, req })
    if (!visible.totalDocs) throw missing
    const body = await readBody(req)
    if (body.confirm !== true) {
      throw badRequest(`Closing account ${id} erases the person's name, e-mail and phone for good and releases their controllers. Send {"confirm": true} to go ahead.`, { field: 'confirm' })
    }
    const report = await closeAccount(req.payload, id, 'staff', req)
    return Response.json({ message: `Account ${id} is closed.`, report })
  },
}
