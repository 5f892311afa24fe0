/**
 * POST /api/users — takes the place of Payload's create route for the users collection.
 *
 * Staff (admins, managers) create accounts as with Payload's own route (same operation, access and
 * answer); the account gets a random password (account-writes.ts) and its owner sets theirs with a
 * reset link.
 *
 * Everybody else registers: the same answer (201, the same message) and about the same time whether
 * or not the address already has an account, so registration does not tell who is a customer. A new
 * address gets its account and the verification e-mail; an address that has an account gets nothing
 * new, and its owner is told by e-mail ("someone tried to register with your address"). Input errors
 * (consent, address, password, name, phone, language) are checked first, the same for both.
 */
import crypto from 'node:crypto'
import { promisify } from 'node:util'
import { createOperation, headersWithCors, ValidationError, type Endpoint, type PayloadRequest } from 'payload'

import { isStaff } from '@/access/roles'
import { readBody } from '@/domain/read-body'
import { LANGS } from '@/i18n/languages'
import { validatePhone } from '@hooks/normalizePhone'
import { allowAccountWrite } from '../account-writes'
import { mailRegistrationAttempt } from '../account-mail'
import { MIN_PASSWORD_LENGTH } from './change-password'

const pbkdf2 = promisify(crypto.pbkdf2)
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

export const REGISTERED_MESSAGE = 'Thank you. We have sent you an e-mail: follow its link to confirm your address and finish the registration.'

type FieldError = { path: string; message: string }

/** The fields a visitor may give their new account, checked; everything else in the body is ignored. */
function registrationData(body: Record<string, unknown>): { data: Record<string, unknown>; email: string } {
  const errors: FieldError[] = []
  const text = (v: unknown) => (typeof v === 'string' ? v.trim() : '')
  const email = text(body.email).toLowerCase()
  if (body.privacyAccepted !== true && body.privacyAccepted !== 'true') errors.push({ path: 'privacyAccepted', message: 'Please accept the privacy policy to register.' })
  if (!EMAIL.test(email) || email.length > 254) errors.push({ path: 'email', message: 'Enter a valid e-mail address.' })
  const password = typeof body.password === 'string' ? body.password : ''
  if (password.length < MIN_PASSWORD_LENGTH) errors.push({ path: 'password', message: `The password must have at least ${MIN_PASSWORD_LENGTH} characters.` })
  else if (password.length > 256) errors.push({ path: 'password', message: 'The password is too long (at most 256 characters).' })
  const name = text(body.name)
  if (!name) errors.push({ path: 'name', message: 'Please enter your name.' })
  else if (name.length > 120) errors.push({ path: 'name', message: 'The name is too long (at most 120 characters).' })
  const phone = validatePhone(body.phone)
  if (phone !== true) errors.push({ path: 'phone', message: phone })
  const language = body.language ?? 'en'
  if (!(LANGS as readonly unknown[]).includes(language)) errors.push({ path: 'language', message: `Language: one of ${LANGS.join(', ')}.` })
  if (errors.length) throw new ValidationError({ collection: 'users', errors })
  const data = { email, password, name, phone: body.phone, language, newsSubscribed: body.newsSubscribed === true, privacyAccepted: true }
  return { data, email }
}

const registered = (req: PayloadRequest) =>
  Response.json({ message: REGISTERED_MESSAGE }, { status: 201, headers: headersWithCors({ headers: new Headers(), req }) })

const isEmailTaken = (err: unknown) => err instanceof ValidationError && err.data.errors.some((e) => e.path === 'email')

export const registerEndpoint: Endpoint = {
  path: '/',
  method: 'post',
  handler: async (req) => {
    const body = await readBody(req)
    const collection = req.payload.collections.users
    if (isStaff(req.user)) {
      const depth = req.searchParams.get('depth')
      const doc = await createOperation({ collection, data: body, depth: depth && /^\d+$/.test(depth) ? Number(depth) : undefined, req })
      return Response.json({ doc, message: 'User successfully created.' }, { status: 201, headers: headersWithCors({ headers: new Headers(), req }) })
    }
    const { data, email } = registrationData(body)
    const existing = (await req.payload.db.findOne({ collection: 'users', where: { email: { equals: email } }, req })) as Parameters<typeof mailRegistrationAttempt>[1] | null
    if (existing) {
      // As long as hashing the new account's password would take (Payload: PBKDF2-SHA256, 600 000 rounds).
      await pbkdf2(String(data.password), crypto.randomBytes(32).toString('hex'), 600_000, 32, 'sha256')
      await mailRegistrationAttempt(req.payload, existing)
      return registered(req)
    }
    allowAccountWrite(req)
    try {
      await createOperation({ collection, data, overrideAccess: true, req })
    } catch (err) {
      // Registered a moment ago by another request: the same answer, and the owner hears of it.
      if (!isEmailTaken(err)) throw err
      const owner = (await req.payload.db.findOne({ collection: 'users', where: { email: { equals: email } } })) as Parameters<typeof mailRegistrationAttempt>[1] | null
      if (owner) await mailRegistrationAttempt(req.payload, owner)
    }
    return registered(req)
  },
}
