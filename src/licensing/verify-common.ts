/**
 * The verification steps both verifiers share (no cryptography here): format, known kid,
 * algorithm, signature (supplied by the caller), payload schema, hardware id binding, expiry.
 */
import type { LicenseAlg } from './algorithms'
import type { PublicKeyInfo } from './keys'
import { LicenseFormatError, parseLicenseEnvelope, readLicensePayload, type ParsedEnvelope } from './license-file'
import type { LicensePayload } from './license-payload'

export type VerifyFailureCode =
  | 'format'
  | 'unknown-key'
  | 'alg-mismatch'
  | 'bad-key'
  | 'signature'
  | 'payload'
  | 'hardware-id'
  | 'expired'

export type VerifyResult =
  | { ok: true; payload: LicensePayload; kid: string; alg: LicenseAlg }
  | { ok: false; reason: string; code: VerifyFailureCode }

export interface VerifyOptions {
  /** When given, the license must be for this hardware id (any case). */
  hardwareId?: string
  /** Time for the expiry check; defaults to now. */
  now?: Date
}

/** Checks the signature with one key: null if valid, else the failure. */
export type SignatureCheck = (
  key: PublicKeyInfo,
  parsed: ParsedEnvelope,
) => { code: 'bad-key' | 'signature'; reason: string } | null

function failure(code: VerifyFailureCode, reason: string): VerifyResult {
  return { ok: false, code, reason }
}

export function runVerification(
  text: string,
  keys: PublicKeyInfo[],
  opts: VerifyOptions | undefined,
  checkSignature: SignatureCheck,
): VerifyResult {
  let parsed: ParsedEnvelope
  try {
    parsed = parseLicenseEnvelope(text)
  } catch (err) {
    if (err instanceof LicenseFormatError) return failure('format', err.message)
    throw err
  }
  const { kid, alg } = parsed.envelope
  const key = (Array.isArray(keys) ? keys : []).find((k) => k && k.kid === kid)
  if (!key) {
    return failure('unknown-key', `The license was signed with key ${kid}, which is not among the known license keys. Update the key list or check where the license came from.`)
  }
  if (key.alg !== alg) {
    return failure('alg-mismatch', `The license says it is signed with ${alg}, but key ${kid} is a ${key.alg} key.`)
  }
  const sigProblem = checkSignature(key, parsed)
  if (sigProblem) return failure(sigProblem.code, sigProblem.reason)

  const read = readLicensePayload(parsed.payloadBytes)
  if ('problem' in read) return failure('payload', `The license is signed but its content is invalid: ${read.problem}`)
  const payload = read.payload

  if (opts?.hardwareId !== undefined) {
    const wanted = String(opts.hardwareId).trim().toLowerCase()
    if (payload.hardwareId !== wanted) {
      return failure('hardware-id', `This license is for the controller with hardware id ${payload.hardwareId}, not for hardware id ${wanted}.`)
    }
  }
  const now = opts?.now ?? new Date()
  if (payload.expiresAt !== null && new Date(payload.expiresAt).getTime() < now.getTime()) {
    return failure('expired', `The license expired on ${payload.expiresAt}.`)
  }
  return { ok: true, payload, kid, alg }
}

export const SIGNATURE_MISMATCH = (kid: string) =>
  `The license signature is not valid: the file was changed after it was signed, or it was not signed by key ${kid}.`
