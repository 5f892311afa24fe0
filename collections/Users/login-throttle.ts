/**
 * The per-account limit on guessing, as a throttle per account AND client address (replacing Payload's
 * account lock, which anybody who knows an address could trigger to lock its owner out).
 *
 * RATE_LIMIT_LOGIN_ACCOUNT (default 5) wrong passwords for one e-mail address from one client address
 * make that pair wait LOGIN_LOCK_MINUTES (429 with the time left); the owner logging in from anywhere
 * else is not affected, and a correct login clears the pair's count. The key is the address as typed
 * (lower-cased), whether or not an account has it, so the throttle answers alike for known and unknown
 * addresses and tells nothing. A stranger spreading guesses over many client addresses is held by the
 * per-address limit in front (src/server/rate-limits.ts, RATE_LIMIT_LOGIN: failures per client address,
 * whatever the account). Wrong current passwords in change-password and change-email count here too.
 *
 * Counts live in the shared rate-limit counters (src/db/rate-limit-counters), so every app instance sees
 * one count; their keys carry a keyed hash of the address, not the address (closing an account erases
 * the address everywhere, docs/privacy.md). The client address is the one express determined
 * (TRUST_PROXY honoured) and stamped on the request (CLIENT_ADDRESS_HEADER, src/server/client-address.ts).
 */
import crypto from 'node:crypto'
import type { Payload, PayloadRequest } from 'payload'

import { LOGIN_LOCK_MINUTES, loginAccountLockout } from '@/config/rate-limits'
import { recordAudit } from '@/domain/audit'
import { counterStoreFor, type Counter } from '@/db/rate-limit-counters'

/** Set by the express server on every request from req.ip (any incoming value is replaced). */
export const CLIENT_ADDRESS_HEADER = 'x-pumotix-client-address'

const PREFIX = 'login-account:'

export interface ThrottleState {
  throttled: boolean
  /** Seconds until the pair may try again (when throttled). */
  retryAfterSeconds: number
}

const normalise = (email: string) => email.trim().toLowerCase()
const accountKey = (payload: Payload, email: string) => `${PREFIX}${crypto.createHmac('sha256', payload.secret).update(normalise(email)).digest('base64url').slice(0, 32)}|`
const keyOf = (payload: Payload, email: string, client: string) => `${accountKey(payload, email)}${client}`

export function clientAddressOf(req: PayloadRequest): string {
  return req.headers.get(CLIENT_ADDRESS_HEADER)?.trim() || 'unknown'
}

/**
 * When the counters cannot be read or written, the throttle fails open (logged): a login needs the
 * database anyway, and the per-address limit in front still holds (its own store falls back to memory).
 */
function failedOpen(payload: Payload, err: unknown): void {
  payload.logger.error({ err }, 'login throttle: the counters could not be used; this attempt is not throttled or counted')
}

/** Is this (address, client) pair waiting? */
export async function loginThrottle(payload: Payload, email: string, client: string, now = new Date()): Promise<ThrottleState> {
  let counter: Counter | undefined
  try {
    counter = await counterStoreFor(payload).get(keyOf(payload, email, client), now)
  } catch (err) {
    failedOpen(payload, err)
    return { throttled: false, retryAfterSeconds: 0 }
  }
  const { maxFailures } = loginAccountLockout()
  if (!counter || counter.hits < maxFailures) return { throttled: false, retryAfterSeconds: 0 }
  return { throttled: true, retryAfterSeconds: Math.max(1, Math.ceil((counter.resetAt.getTime() - now.getTime()) / 1000)) }
}

/**
 * Counts one wrong password for the pair. The failure that reaches the limit is written to the audit log
 * (user.login_locked, once per throttle window) when an account has the address.
 */
export async function countLoginFailure(payload: Payload, email: string, client: string, now = new Date()): Promise<void> {
  const resetAt = new Date(now.getTime() + LOGIN_LOCK_MINUTES * 60_000)
  let counter: Counter
  try {
    counter = await counterStoreFor(payload).increment(keyOf(payload, email, client), now, resetAt)
  } catch (err) {
    return failedOpen(payload, err)
  }
  if (counter.hits !== loginAccountLockout().maxFailures) return
  try {
    const user = (await payload.db.findOne({ collection: 'users', where: { email: { equals: normalise(email) } } })) as { id: string | number; email: string } | null
    if (!user) return
    await recordAudit(payload, {
      action: 'user.login_locked',
      subject: { collection: 'users', id: user.id },
      summary: `Logins to ${user.email} from ${client} held for ${LOGIN_LOCK_MINUTES} minutes after ${counter.hits} wrong passwords`,
      after: { until: counter.resetAt.toISOString(), client },
      actorLabel: 'login',
    })
  } catch (err) {
    payload.logger.error({ err }, 'could not record the login throttle in the audit log')
  }
}

/** A correct password (or a reset) starts the pair's count again. */
export async function clearLoginFailures(payload: Payload, email: string, client: string): Promise<void> {
  await counterStoreFor(payload)
    .reset(keyOf(payload, email, client))
    .catch((err: unknown) => failedOpen(payload, err))
}

/** After a password reset every client's count for the address starts again. */
export async function clearAllLoginFailures(payload: Payload, email: string): Promise<void> {
  await counterStoreFor(payload).resetPrefix(accountKey(payload, email))
}

/** The 429 for a waiting pair: the same words for every address, known or not. */
export function throttledMessage(retryAfterSeconds: number): string {
  const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60))
  return `Too many failed logins for this account. Please try again in ${minutes} minute${minutes === 1 ? '' : 's'}, or reset your password.`
}
