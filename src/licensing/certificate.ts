/**
 * Signing-key certificate: a root key's signed statement that a signing key (kid, alg, public
 * key) may sign licenses issued between notBefore and notAfter. This file holds the payload rules
 * only (no cryptography); checking the signature is in document-verify.ts.
 */
import { isKidOf, isLicenseAlg, type LicenseAlg } from './algorithms'
import { parseJson, strictBase64 } from './license-file'
import { isIsoUtc } from './license-payload'

export interface SigningKeyCertificate {
  v: 1
  type: 'signing-key'
  /** Key id of the certified signing key, derived from `publicKey` (docs section 3.1). */
  kid: string
  alg: LicenseAlg
  /** base64 of the SPKI DER of the signing key's public key. */
  publicKey: string
  /** ISO-8601 UTC: licenses issued before this time are not covered. */
  notBefore: string
  /** ISO-8601 UTC or null (no end): licenses issued after this time are not covered. */
  notAfter: string | null
}

export const CERTIFICATE_KEYS = ['v', 'type', 'kid', 'alg', 'publicKey', 'notBefore', 'notAfter'] as const

/** Null when `value` is a valid certificate payload, otherwise a sentence saying what is wrong. */
export function certificatePayloadProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The certificate payload is not a JSON object.'
  const c: Record<string, unknown> = { ...value }
  if (c.v !== 1) return `The certificate has version ${JSON.stringify(c.v)}; only version 1 is supported.`
  if (c.type !== 'signing-key') return `The certificate has type ${JSON.stringify(c.type)}, not "signing-key".`
  const keys = Object.keys(c)
  const unknown = keys.filter((k) => !(CERTIFICATE_KEYS as readonly string[]).includes(k))
  if (unknown.length > 0) return `The certificate has unexpected fields: ${unknown.join(', ')}.`
  const missing = CERTIFICATE_KEYS.filter((k) => !keys.includes(k))
  if (missing.length > 0) return `The certificate lacks the fields: ${missing.join(', ')}.`
  if (!isLicenseAlg(c.alg)) return `The certificate names the algorithm ${JSON.stringify(c.alg)}, which is not supported (ed25519 or rsa-pss-sha256).`
  if (!isKidOf(c.alg, c.kid)) return `The certificate's kid ${JSON.stringify(c.kid)} is not a key id of a ${c.alg} key.`
  if (typeof c.publicKey !== 'string' || !strictBase64(c.publicKey)) return 'The certificate\'s publicKey must be the base64 of an SPKI DER public key.'
  if (!isIsoUtc(c.notBefore)) return 'The certificate\'s notBefore must be an ISO-8601 UTC time with milliseconds, like 2026-01-01T00:00:00.000Z.'
  if (c.notAfter !== null) {
    if (!isIsoUtc(c.notAfter)) return 'The certificate\'s notAfter must be null or an ISO-8601 UTC time with milliseconds.'
    if (c.notAfter <= c.notBefore) return 'The certificate\'s notAfter must be later than its notBefore.'
  }
  return null
}

/** Canonical UTF-8 JSON bytes of a certificate payload. */
export function serializeCertificatePayload(c: SigningKeyCertificate): Buffer {
  const ordered = { v: c.v, type: c.type, kid: c.kid, alg: c.alg, publicKey: c.publicKey, notBefore: c.notBefore, notAfter: c.notAfter }
  return Buffer.from(JSON.stringify(ordered), 'utf8')
}

/** Reads signed payload bytes as a certificate (schema and canonical form). */
export function readCertificatePayload(bytes: Uint8Array): { certificate: SigningKeyCertificate } | { problem: string } {
  const value: unknown = parseJson(bytes)
  if (value === undefined) return { problem: 'The certificate payload is not valid UTF-8 JSON.' }
  const problem = certificatePayloadProblem(value)
  if (problem) return { problem }
  // certificatePayloadProblem has checked every member.
  const certificate = value as SigningKeyCertificate
  if (!serializeCertificatePayload(certificate).equals(Buffer.from(bytes))) {
    return { problem: 'The certificate payload is not in canonical form (key order or spacing differs).' }
  }
  return { certificate }
}

/** True when a license issued at `issuedAt` (ISO-8601 UTC) lies within the certificate's validity, ends included. */
export function coversIssuedAt(certificate: Pick<SigningKeyCertificate, 'notBefore' | 'notAfter'>, issuedAt: string): boolean {
  return issuedAt >= certificate.notBefore && (certificate.notAfter === null || issuedAt <= certificate.notAfter)
}

/** "from 2026-01-01T00:00:00.000Z to 2026-12-31T23:59:59.999Z" / "from … with no end". */
export function describeValidity(certificate: Pick<SigningKeyCertificate, 'notBefore' | 'notAfter'>): string {
  return certificate.notAfter === null ? `from ${certificate.notBefore} with no end` : `from ${certificate.notBefore} to ${certificate.notAfter}`
}
