/**
 * The limits on guessing and abuse (README, "Configuration"): attempts per client address and window
 * for the endpoints src/server/rate-limits.ts guards, and the per-account login lockout.
 */
import { ConfigError, numberSetting } from './env'

export interface AddressLimit {
  /** RATE_LIMIT_<name>: how many counted requests one client address may make per window. */
  limit: number
  windowMinutes: number
  /** Count only failed requests (status 400 and above), so successes never use up the budget. */
  failuresOnly: boolean
}

const DEFAULTS = {
  LOGIN: { limit: 20, windowMinutes: 5, failuresOnly: true },
  REGISTER: { limit: 10, windowMinutes: 15, failuresOnly: false },
  FORGOT_PASSWORD: { limit: 5, windowMinutes: 15, failuresOnly: false },
  CLAIM: { limit: 30, windowMinutes: 15, failuresOnly: false },
  // A data export renders every bill as a PDF; a closure request sends an e-mail (docs/privacy.md).
  EXPORT: { limit: 10, windowMinutes: 60, failuresOnly: false },
  CLOSURE: { limit: 5, windowMinutes: 60, failuresOnly: false },
} as const satisfies Record<string, AddressLimit>

export type LimitedEndpoint = keyof typeof DEFAULTS

/** RATE_LIMIT_LOGIN / _REGISTER / _FORGOT_PASSWORD / _CLAIM / _EXPORT / _CLOSURE, with their windows. */
export function addressLimit(name: LimitedEndpoint): AddressLimit {
  const d = DEFAULTS[name]
  return { ...d, limit: numberSetting(`RATE_LIMIT_${name}`, d.limit) }
}

/** How long an account and client address pair waits after too many failed logins in a row. */
export const LOGIN_LOCK_MINUTES = 15

/**
 * RATE_LIMIT_LOGIN_ACCOUNT: failed logins in a row for one account from one client address that make
 * that pair wait LOGIN_LOCK_MINUTES; a successful login, a password reset or staff's unlock starts the
 * count again. It is the login throttle (collections/Users/login-throttle.ts), counted in the shared
 * rate-limit counters, so every app instance sees one count; it never locks the owner out elsewhere.
 */
export function loginAccountLockout(): { maxFailures: number; lockMinutes: number } {
  const maxFailures = numberSetting('RATE_LIMIT_LOGIN_ACCOUNT', 5)
  if (!Number.isInteger(maxFailures) || maxFailures < 1) {
    throw new ConfigError(`RATE_LIMIT_LOGIN_ACCOUNT must be a whole number of failed logins, at least 1; got "${process.env.RATE_LIMIT_LOGIN_ACCOUNT}".`)
  }
  return { maxFailures, lockMinutes: LOGIN_LOCK_MINUTES }
}
