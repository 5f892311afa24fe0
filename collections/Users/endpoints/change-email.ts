import type { User } from '@payload-types'
import type { Endpoint } from 'payload'

import { queueEmail } from '@/mail/queue-email'
import { serverURL } from '@/config/env'
import { badRequest, conflict } from '@/domain/errors'
import { readBody, requireUser } from '@/domain/read-body'
import { langOf } from '@/i18n/languages'
import { signEmailChange, verifyEmailChange } from '../email-change-token'
import { allowAccountWrite } from '../account-writes'
import { mailEmailChanged } from '../account-mail'
import { confirmCurrentPassword, fieldError } from '../current-password'

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

async function emailTaken(req: Parameters<Endpoint['handler']>[0], email: string, exceptId: string | number) {
  const { totalDocs } = await req.payload.count({
    collection: 'users',
    where: { and: [{ email: { equals: email } }, { id: { not_equals: exceptId } }] },
    overrideAccess: true,
  })
  return totalDocs > 0
}

/**
 * POST /api/users/change-email {"email", "password"} — asks for a new address: it is kept as
 * pendingEmail and a confirmation link goes to it; the address changes only when the link is followed
 * (the one way an account's address changes: account-writes.ts). The password is checked with Payload's
 * own comparison; wrong ones count towards the login throttle of the account and client address.
 */
export const requestEmailChangeEndpoint: Endpoint = {
  path: '/change-email',
  method: 'post',
  handler: async (req) => {
    const user = requireUser(req)
    const body = await readBody(req)
    const email = typeof body.email === 'string' ? body.email.trim().toLowerCase() : ''
    if (!EMAIL.test(email) || email.length > 254) throw fieldError('email', 'Enter a valid e-mail address.')
    if (email === String(user.email).toLowerCase()) throw fieldError('email', 'This is already your e-mail address.')
    const throttled = await confirmCurrentPassword(req, user, body.password, 'password')
    if (throttled) return throttled
    if (await emailTaken(req, email, user.id)) throw fieldError('email', 'Another account already uses this e-mail address.')
    await req.payload.update({ collection: 'users', id: user.id, data: { pendingEmail: email }, overrideAccess: true })
    const token = signEmailChange(req.payload.secret, user.id, email)
    await queueEmail(req.payload, {
      template: 'email-change',
      to: email,
      lang: langOf(user.language),
      context: { name: user.name ?? '', url: `${serverURL()}/confirm-email?token=${encodeURIComponent(token)}` },
    })
    return Response.json({ message: `A confirmation link has been sent to ${email}.`, pendingEmail: email })
  },
}

/**
 * POST /api/users/confirm-email {"token"} — the link from that message: the address becomes the
 * account's e-mail, and the address it had before is told (email-changed, in the user's language).
 */
export const confirmEmailChangeEndpoint: Endpoint = {
  path: '/confirm-email',
  method: 'post',
  handler: async (req) => {
    const body = await readBody(req)
    const invalid = badRequest('This link is invalid, has expired or has already been used.')
    const claim = verifyEmailChange(req.payload.secret, body.token)
    if (!claim) throw invalid
    const found = await req.payload.find({ collection: 'users', where: { id: { equals: claim.userId } }, limit: 1, depth: 0, overrideAccess: true })
    const user = found.docs[0] as User | undefined
    if (!user || user.pendingEmail !== claim.email) throw invalid
    if (await emailTaken(req, claim.email, user.id)) throw conflict('Another account started using this e-mail address meanwhile; choose another one in your profile.')
    allowAccountWrite(req)
    const changed = await req.payload.update({ collection: 'users', id: user.id, data: { email: claim.email, pendingEmail: null }, overrideAccess: true, depth: 0, req })
    await mailEmailChanged(req.payload, changed, user.email, req)
    return Response.json({ message: 'Your e-mail address has been changed.', user: { id: user.id, email: claim.email } })
  },
}
