/**
 * What a closed account becomes, and how its personal data is cut out of text that stays (audit
 * summaries, staff notes, mail errors): every occurrence of the person's e-mail addresses, phone
 * and name is replaced by the account's anonymous label.
 */
import type { User } from '@payload-types'

import type { Id } from '@/domain/documents'

/** The name a closed account and the buyer on its bills carry. */
export const CLOSED_NAME = 'Closed account'

/**
 * The e-mail a closed account carries: unique per account (the column is unique) and in the
 * reserved `.invalid` domain (RFC 2606), which never receives mail; src/mail refuses to queue to it.
 */
export const closedEmail = (id: Id) => `closed-${id}@invalid`

/** How audit entries and logs name a closed account (or an account asking to be closed): its id only. */
export const accountLabel = (id: Id) => `account ${id}`
export const closedLabel = (id: Id) => `closed account ${id}`

/** The strings of one person to cut out: their addresses (current and awaiting confirmation), phone and name. */
export interface PersonalStrings {
  emails: string[]
  phone: string | null
  name: string | null
}

export function personalStrings(user: Pick<User, 'email' | 'pendingEmail' | 'phone' | 'name'>): PersonalStrings {
  const emails = [user.email, user.pendingEmail].filter((e): e is string => typeof e === 'string' && e.includes('@')).map((e) => e.toLowerCase())
  const phone = typeof user.phone === 'string' && user.phone.replace(/\D/g, '').length >= 5 ? user.phone : null
  // A name of one letter cannot be told apart from other text; names are placed in no summary anyway.
  const name = typeof user.name === 'string' && user.name.trim().length >= 2 ? user.name.trim() : null
  return { emails: [...new Set(emails)], phone, name }
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * The phone as stored (E.164, "+49305550199") and as people write it in notes: the same digits with
 * spaces, dashes, dots or brackets between them, after "+" or "00" ("+49 30 555-01 99", "0049 30 5550199").
 */
function phonePattern(phone: string): RegExp {
  const digits = phone.replace(/\D/g, '').split('')
  return new RegExp(`(?<!\\d)(?:\\+|00)?${digits.join('[\\s().-]*')}(?!\\d)`, 'g')
}

/** Any e-mail address, for text known to be about this person only (their own audit entries). */
const ANY_EMAIL = /[^\s@<>"'(),;:[\]]+@[^\s@<>"'(),;:[\]]+/g

/**
 * `text` with the person's e-mails, phone and name replaced by `label` (case-insensitive; the name as
 * a whole word). `everyEmail` also replaces every other e-mail address, for text about this person alone.
 */
export function scrubText(text: string, who: PersonalStrings, label: string, everyEmail = false): string {
  let out = text
  for (const email of who.emails) out = out.replace(new RegExp(escape(email), 'gi'), label)
  if (everyEmail) out = out.replace(ANY_EMAIL, label)
  if (who.phone) out = out.replace(phonePattern(who.phone), label)
  if (who.name) out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}])${escape(who.name)}(?![\\p{L}\\p{N}])`, 'giu'), label)
  return out
}

/** A JSON value with scrubText applied to every string in it (keys stay). */
export function scrubJson<T>(value: T, who: PersonalStrings, label: string, everyEmail = false): T {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return scrubText(v, who, label, everyEmail)
    if (Array.isArray(v)) return v.map(walk)
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]))
    return v
  }
  return walk(value) as T
}

/** Whether `text` mentions the person (an e-mail, the phone or the name), the test for records to rewrite or remove. */
export function mentions(text: string, who: PersonalStrings): boolean {
  return scrubText(text, who, '\u0000') !== text
}
