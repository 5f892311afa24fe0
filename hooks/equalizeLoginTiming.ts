import crypto from 'node:crypto'
import { promisify } from 'node:util'
import type { CollectionBeforeOperationHook } from 'payload'

const pbkdf2 = promisify(crypto.pbkdf2)

/**
 * Payload checks the password (PBKDF2-SHA256, 600 000 rounds) only when the e-mail belongs to an
 * account, so without this "unknown e-mail" would answer much faster than "wrong password" and tell an
 * attacker which addresses have accounts. For an unknown address, spend the same work on a throwaway
 * hash before Payload answers. (Payload's current hash parameters: payload/…/generatePasswordSaltHash.)
 */
export const equalizeLoginTiming: CollectionBeforeOperationHook = async ({ args, operation, req }) => {
  if (operation !== 'login') return args
  const data = (args as { data?: { email?: unknown; password?: unknown } }).data
  const email = typeof data?.email === 'string' ? data.email.toLowerCase().trim() : ''
  const password = typeof data?.password === 'string' ? data.password : ''
  if (!email || !password) return args
  const user = await req.payload.db.findOne({ collection: 'users', where: { email: { equals: email } }, req })
  if (!user) await pbkdf2(password, crypto.randomBytes(32).toString('hex'), 600_000, 32, 'sha256')
  return args
}
