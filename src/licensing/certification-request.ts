/**
 * Certification request: what the server hands to the root key holder when it creates a new
 * (pending) signing key. It names the key and is signed by that key itself, which proves that
 * whoever made the request holds the private key. node:crypto (server and offline tool).
 */
import { isKidOf, isLicenseAlg, type LicenseAlg } from './algorithms'
import { certifiedKey } from './document-verify'
import { parseJson } from './license-file'
import { isIsoUtc } from './license-payload'
import { nodeSuite } from './node-suite'
import { preparedKey, signBytes, type LicenseSigningKey } from './sign'
import { armorDocument, checkPayloadType, documentBytes, envelopeBytes, parseEnvelope, SignedDocumentError } from './signed-envelope'

export interface CertificationRequest {
  v: 1
  type: 'certification-request'
  kid: string
  alg: LicenseAlg
  /** base64 of the SPKI DER of the key to certify. */
  publicKey: string
  /** ISO-8601 UTC: when the request (and normally the key) was made. */
  createdAt: string
}

export const CERTIFICATION_REQUEST_KEYS = ['v', 'type', 'kid', 'alg', 'publicKey', 'createdAt'] as const

/** Null when `value` is a valid certification request payload, otherwise a sentence saying what is wrong. */
export function certificationRequestProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The certification request payload is not a JSON object.'
  const r: Record<string, unknown> = { ...value }
  if (r.v !== 1) return `The certification request has version ${JSON.stringify(r.v)}; only version 1 is supported.`
  if (r.type !== 'certification-request') return `The certification request has type ${JSON.stringify(r.type)}, not "certification-request".`
  const keys = Object.keys(r)
  const unknown = keys.filter((k) => !(CERTIFICATION_REQUEST_KEYS as readonly string[]).includes(k))
  if (unknown.length > 0) return `The certification request has unexpected fields: ${unknown.join(', ')}.`
  const missing = CERTIFICATION_REQUEST_KEYS.filter((k) => !keys.includes(k))
  if (missing.length > 0) return `The certification request lacks the fields: ${missing.join(', ')}.`
  if (!isLicenseAlg(r.alg)) return `The certification request names the algorithm ${JSON.stringify(r.alg)}, which is not supported (ed25519 or rsa-pss-sha256).`
  if (!isKidOf(r.alg, r.kid)) return `The certification request's kid ${JSON.stringify(r.kid)} is not a key id of a ${r.alg} key.`
  if (typeof r.publicKey !== 'string' || r.publicKey.length === 0) return 'The certification request\'s publicKey must be the base64 of an SPKI DER public key.'
  if (!isIsoUtc(r.createdAt)) return 'The certification request\'s createdAt must be an ISO-8601 UTC time with milliseconds.'
  return null
}

/** Canonical UTF-8 JSON bytes of a certification request payload. */
export function serializeCertificationRequest(r: CertificationRequest): Buffer {
  return Buffer.from(JSON.stringify({ v: r.v, type: r.type, kid: r.kid, alg: r.alg, publicKey: r.publicKey, createdAt: r.createdAt }), 'utf8')
}

/** The certification request for a signing key (envelope bytes), signed by that key. */
export function makeCertificationRequest(key: LicenseSigningKey, now: Date = new Date()): Buffer {
  if (!isLicenseAlg(key.alg)) throw new RangeError(`Unknown license algorithm ${JSON.stringify(key.alg)}.`)
  if (!(now instanceof Date) || Number.isNaN(now.getTime())) throw new RangeError('The time of the certification request is not a valid date.')
  const { privateKey, kid, publicKeyPem } = preparedKey(key)
  const der = nodeSuite.publicKeyFromPem(publicKeyPem).export({ type: 'spki', format: 'der' })
  const request: CertificationRequest = { v: 1, type: 'certification-request', kid, alg: key.alg, publicKey: der.toString('base64'), createdAt: now.toISOString() }
  const payload = serializeCertificationRequest(request)
  return envelopeBytes(key.alg, kid, payload, signBytes(key.alg, payload, privateKey))
}

/** Armored text of a certification request (-----BEGIN PUMOTIX CERTIFICATION REQUEST-----). */
export function formatCertificationRequestFile(bytes: Uint8Array): string {
  return armorDocument('certification-request', bytes)
}

function fail(code: SignedDocumentError['code'], message: string): never {
  throw new SignedDocumentError(code, message)
}

/**
 * Reads a certification request (armored text, its bare base64, or envelope bytes) and checks
 * it: form, payload, kid derived from the public key, and the signature by that same key.
 * Throws SignedDocumentError (`format`, `type`, `payload`, `kid` or `signature`).
 */
export function readCertificationRequest(input: string | Uint8Array): { request: CertificationRequest; bytes: Buffer } {
  const bytes = documentBytes(input, 'certification-request')
  const parsed = parseEnvelope(bytes, 'certification-request')
  checkPayloadType(parsed.payloadBytes, 'certification-request')
  const value: unknown = parseJson(parsed.payloadBytes)
  const problem = value === undefined ? 'The certification request payload is not valid UTF-8 JSON.' : certificationRequestProblem(value)
  if (problem) fail('payload', `The certification request is invalid: ${problem}`)
  // certificationRequestProblem has checked every member.
  const request = value as CertificationRequest
  if (!serializeCertificationRequest(request).equals(parsed.payloadBytes)) {
    fail('payload', 'The certification request payload is not in canonical form (key order or spacing differs).')
  }
  if (parsed.envelope.kid !== request.kid || parsed.envelope.alg !== request.alg) {
    fail('kid', `The certification request is signed as key ${parsed.envelope.kid} (${parsed.envelope.alg}) but asks to certify key ${request.kid} (${request.alg}).`)
  }
  const key = certifiedKey(nodeSuite, request, 'certification request')
  if (!nodeSuite.verify(request.alg, key, parsed.payloadBytes, parsed.signature)) {
    fail('signature', `The certification request's signature is not valid: it was changed after it was made, or it was not made with the private key of ${request.kid}.`)
  }
  return { request, bytes }
}
