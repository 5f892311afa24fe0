/**
 * Logging a user in from our own endpoints exactly as Payload's login does: a session on the user
 * (when sessions are on), a JWT of the same fields, and the same `payload-token` cookie.
 */
import type { User } from '@payload-types'
import { getFieldsToSign, headersWithCors, jwtSign, type PayloadRequest, type TypedUser } from 'payload'
import { addSessionToUser, generatePayloadCookie } from 'payload/shared'

export async function startSession(req: PayloadRequest, id: string | number): Promise<{ cookie: string; token: string; exp: number }> {
  const { payload } = req
  const collectionConfig = payload.collections.users.config
  // The stored row as Payload's own login passes it: addSessionToUser writes it back as given and then adds `collection`.
  const user = (await payload.db.findOne<User>({ collection: 'users', req, where: { id: { equals: id } } })) as TypedUser | null
  if (!user) throw new Error(`user ${id} vanished while logging in`)
  const { sid } = await addSessionToUser({ collectionConfig, payload, req, user })
  const fieldsToSign = getFieldsToSign({ collectionConfig, email: user.email.toLowerCase(), sid, user })
  const { exp, token } = await jwtSign({ fieldsToSign, secret: payload.secret, tokenExpiration: collectionConfig.auth.tokenExpiration })
  const cookie = generatePayloadCookie({ collectionAuthConfig: collectionConfig.auth, cookiePrefix: payload.config.cookiePrefix, token })
  return { cookie, token, exp }
}

/** A JSON response that also sets the session cookie (with Payload's CORS headers). */
export function jsonWithCookie(req: PayloadRequest, body: unknown, cookie: string, status = 200): Response {
  return Response.json(body, { status, headers: headersWithCors({ headers: new Headers({ 'Set-Cookie': cookie }), req }) })
}
