/**
 * Logging a user in from our own endpoints exactly as Payload's login does: a session on the user
 * (when sessions are on), a JWT of the same fields, and the same `payload-token` cookie.
 * Also: checking a password without leaving a session behind.
 */
import type { User } from '@payload-types'
import { getFieldsToSign, headersWithCors, jwtSign, type Payload, type PayloadRequest, type TypedUser } from 'payload'
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

function sidOf(token: string): string | undefined {
  try {
    const part = token.split('.')[1]
    return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')).sid
  } catch {
    return undefined
  }
}

export type PasswordCheck = 'ok' | 'wrong' | 'locked'

/**
 * Is this the user's password? Checked through Payload's login (so failed attempts count towards the
 * lock like any login), then the session that login opened is removed again.
 */
export async function checkPassword(payload: Payload, email: string, password: unknown): Promise<PasswordCheck> {
  if (typeof password !== 'string' || password === '') return 'wrong'
  let token: string | undefined
  let id: string | number | undefined
  try {
    const result = await payload.login({ collection: 'users', data: { email, password } })
    token = result.token
    id = result.user?.id
  } catch (err) {
    return /locked/i.test(String((err as Error)?.message)) ? 'locked' : 'wrong'
  }
  const sid = token ? sidOf(token) : undefined
  if (sid && id != null) {
    const doc = (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as Record<string, any> | null
    if (doc && Array.isArray(doc.sessions)) {
      const sessions = doc.sessions.filter((s: { id: string }) => s.id !== sid)
      await payload.db.updateOne({ collection: 'users', id, data: { ...doc, sessions }, returning: false })
    }
  }
  return 'ok'
}
