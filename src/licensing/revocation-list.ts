/**
 * Revocation list: a root key's signed, numbered list of signing-key ids that controllers must
 * no longer trust. Each list replaces the one before (lists are cumulative) and has the next
 * number. This file holds the payload rules only; checking the signature is in
 * document-verify.ts.
 */
import { isKid } from './algorithms'
import { parseJson } from './license-file'
import { isIsoUtc, toIso } from './license-payload'

export interface RevocationList {
  v: 1
  type: 'revocations'
  /** 1 for the first list, then one more for every list. */
  number: number
  /** ISO-8601 UTC. */
  issuedAt: string
  /** Revoked signing-key ids, sorted (code unit order) and unique; may be empty. */
  revoked: string[]
}

export const REVOCATION_LIST_KEYS = ['v', 'type', 'number', 'issuedAt', 'revoked'] as const
const UINT32_MAX = 0xffffffff

/** Null when `value` is a valid revocation list payload, otherwise a sentence saying what is wrong. */
export function revocationListProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The revocation list payload is not a JSON object.'
  const l: Record<string, unknown> = { ...value }
  if (l.v !== 1) return `The revocation list has version ${JSON.stringify(l.v)}; only version 1 is supported.`
  if (l.type !== 'revocations') return `The revocation list has type ${JSON.stringify(l.type)}, not "revocations".`
  const keys = Object.keys(l)
  const unknown = keys.filter((k) => !(REVOCATION_LIST_KEYS as readonly string[]).includes(k))
  if (unknown.length > 0) return `The revocation list has unexpected fields: ${unknown.join(', ')}.`
  const missing = REVOCATION_LIST_KEYS.filter((k) => !keys.includes(k))
  if (missing.length > 0) return `The revocation list lacks the fields: ${missing.join(', ')}.`
  if (typeof l.number !== 'number' || !Number.isInteger(l.number) || l.number < 1 || l.number > UINT32_MAX) {
    return `The revocation list number must be a whole number from 1 to ${UINT32_MAX}.`
  }
  if (!isIsoUtc(l.issuedAt)) return 'The revocation list\'s issuedAt must be an ISO-8601 UTC time with milliseconds.'
  if (!Array.isArray(l.revoked)) return 'The revocation list\'s revoked must be a list of key ids.'
  let previous: string | null = null
  for (const kid of l.revoked as unknown[]) {
    if (!isKid(kid)) return `${JSON.stringify(kid)} in the revocation list is not a key id (like ed25519-0123456789abcdef).`
    if (previous !== null && !(previous < kid)) return 'The revoked key ids must be sorted and unique.'
    previous = kid
  }
  return null
}

/** Canonical UTF-8 JSON bytes of a revocation list payload. */
export function serializeRevocationList(l: RevocationList): Buffer {
  return Buffer.from(JSON.stringify({ v: l.v, type: l.type, number: l.number, issuedAt: l.issuedAt, revoked: l.revoked }), 'utf8')
}

/** Reads signed payload bytes as a revocation list (schema and canonical form). */
export function readRevocationListPayload(bytes: Uint8Array): { revocationList: RevocationList } | { problem: string } {
  const value: unknown = parseJson(bytes)
  if (value === undefined) return { problem: 'The revocation list payload is not valid UTF-8 JSON.' }
  const problem = revocationListProblem(value)
  if (problem) return { problem }
  // revocationListProblem has checked every member.
  const revocationList = value as RevocationList
  if (!serializeRevocationList(revocationList).equals(Buffer.from(bytes))) {
    return { problem: 'The revocation list payload is not in canonical form (key order or spacing differs).' }
  }
  return { revocationList }
}

export interface RevocationListInput {
  number: number
  issuedAt: Date | string
  revoked: string[]
}

/** Builds a canonical list: key ids sorted and de-duplicated, issuedAt normalised. Throws RangeError. */
export function buildRevocationList(input: RevocationListInput): RevocationList {
  const list: RevocationList = {
    v: 1,
    type: 'revocations',
    number: input.number,
    issuedAt: toIso('issuedAt', input.issuedAt),
    revoked: Array.isArray(input.revoked) ? [...new Set(input.revoked)].sort() : input.revoked,
  }
  const problem = revocationListProblem(list)
  if (problem) throw new RangeError(problem)
  return list
}

/** The list a controller should hold after seeing `candidate`: the one with the higher number (`held` on a tie). */
export function newerRevocationList(held: RevocationList | null, candidate: RevocationList | null): RevocationList | null {
  if (candidate === null) return held
  if (held === null) return candidate
  return candidate.number > held.number ? candidate : held
}
