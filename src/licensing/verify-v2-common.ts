/**
 * Verifying a format 2 license on a controller: the steps both verifiers (node:crypto in
 * verify-v2.ts, node-forge in forge-verify-v2.ts) share, in the order of the table in
 * docs/license-format.md section 10. The signature suite supplies the cryptography.
 */
import type { LicenseAlg } from './algorithms'
import { coversIssuedAt, describeValidity, type SigningKeyCertificate } from './certificate'
import { checkCertificate, checkRevocationList, type CheckedCertificate, type RootPublicKey, type SignatureSuite } from './document-verify'
import { LicenseFormatError } from './license-file'
import { parseLicenseEnvelopeV2, readLicensePayloadV2, type ParsedLicenseV2 } from './license-file-v2'
import type { LicensePayloadV2 } from './license-payload-v2'
import { newerRevocationList, revocationListProblem, type RevocationList } from './revocation-list'
import { SignedDocumentError, type DocumentFailureCode } from './signed-envelope'
import { SIGNATURE_MISMATCH, type VerifyOptions } from './verify-common'

export type VerifyV2FailureCode =
  | 'format'
  | 'certificate'
  | 'unknown-root'
  | 'bad-root'
  | 'certificate-signature'
  | 'key-mismatch'
  | 'signature'
  | 'payload'
  | 'certificate-validity'
  | 'revocation-list'
  | 'revoked'
  | 'hardware-id'
  | 'expired'

/** One option of a license and whether it is active at the verification time. */
export interface LicenseOptionState {
  code: string
  until: string | null
  active: boolean
}

/**
 * The revocation list the controller holds after this verification: the newer of the held one
 * and the one the license carries. When `revocationListUpdated` is true the controller must store
 * it (persistently) and pass it as the held list from now on — also when the license itself was
 * refused after the list was checked.
 */
export interface RevocationState {
  revocationList: RevocationList | null
  revocationListUpdated: boolean
}

export type VerifyV2Success = {
  ok: true
  payload: LicensePayloadV2
  /** The signing key (from the certificate). */
  kid: string
  alg: LicenseAlg
  /** The root key that signed the certificate. */
  rootKid: string
  certificate: SigningKeyCertificate
  /** Every option of the license with its state at the verification time. */
  options: LicenseOptionState[]
  /** Codes of the options active at the verification time. */
  activeOptions: string[]
  maintenanceUntil: string | null
} & RevocationState

export type VerifyV2Failure = { ok: false; code: VerifyV2FailureCode; reason: string } & RevocationState

export type VerifyV2Result = VerifyV2Success | VerifyV2Failure

const CERTIFICATE_CODES: Record<DocumentFailureCode, VerifyV2FailureCode> = {
  format: 'certificate',
  type: 'certificate',
  payload: 'certificate',
  kid: 'certificate',
  'unknown-root': 'unknown-root',
  'bad-root': 'bad-root',
  signature: 'certificate-signature',
}

/** Whether an option with end date `until` is active at `now` (the end date itself included). */
export function optionActive(until: string | null, now: Date): boolean {
  return until === null || new Date(until).getTime() >= now.getTime()
}

/**
 * The steps that need the certificate but not the roots: key-mismatch, signature, payload,
 * certificate-validity. Shared by the verifiers and by signLicenseV2's check of each new file.
 */
export function checkAgainstCertificate<K>(
  suite: SignatureSuite<K>,
  parsed: Pick<ParsedLicenseV2, 'envelope' | 'payloadBytes' | 'signature'>,
  certificate: SigningKeyCertificate,
  key: K,
): { payload: LicensePayloadV2 } | { code: VerifyV2FailureCode; reason: string } {
  const { kid, alg } = parsed.envelope
  if (kid !== certificate.kid || alg !== certificate.alg) {
    return { code: 'key-mismatch', reason: `The license says it is signed by key ${kid} (${alg}), but its certificate is for key ${certificate.kid} (${certificate.alg}).` }
  }
  if (!suite.verify(alg, key, parsed.payloadBytes, parsed.signature)) return { code: 'signature', reason: SIGNATURE_MISMATCH(kid) }
  const read = readLicensePayloadV2(parsed.payloadBytes)
  if ('problem' in read) return { code: 'payload', reason: `The license is signed but its content is invalid: ${read.problem}` }
  if (!coversIssuedAt(certificate, read.payload.issuedAt)) {
    return {
      code: 'certificate-validity',
      reason: `The license was issued at ${read.payload.issuedAt}, outside the validity of its signing key's certificate (${describeValidity(certificate)}).`,
    }
  }
  return { payload: read.payload }
}

/** All steps, in the documented order; `suite` does the cryptography. */
export function runVerificationV2<K>(
  suite: SignatureSuite<K>,
  text: string,
  roots: readonly RootPublicKey[],
  heldRevocationList: RevocationList | null,
  opts: VerifyOptions | undefined,
): VerifyV2Result {
  let revocation: RevocationState = { revocationList: heldRevocationList ?? null, revocationListUpdated: false }
  const failure = (code: VerifyV2FailureCode, reason: string): VerifyV2Failure => ({ ok: false, code, reason, ...revocation })

  let parsed: ParsedLicenseV2
  try {
    parsed = parseLicenseEnvelopeV2(text)
  } catch (err) {
    if (err instanceof LicenseFormatError) return failure('format', err.message)
    throw err
  }

  let checked: CheckedCertificate<K>
  try {
    checked = checkCertificate(suite, parsed.certificateBytes, roots)
  } catch (err) {
    if (err instanceof SignedDocumentError) return failure(CERTIFICATE_CODES[err.code], err.message)
    throw err
  }
  const { certificate } = checked
  const { kid, alg } = parsed.envelope
  const signed = checkAgainstCertificate(suite, parsed, certificate, checked.key)
  if ('code' in signed) return failure(signed.code, signed.reason)
  const payload = signed.payload

  if (heldRevocationList !== null && heldRevocationList !== undefined) {
    const problem = revocationListProblem(heldRevocationList)
    if (problem) return failure('revocation-list', `The revocation list this controller holds is not valid: ${problem}`)
  }
  if (parsed.revocationListBytes !== null) {
    let embedded: RevocationList
    try {
      embedded = checkRevocationList(suite, parsed.revocationListBytes, roots).revocationList
    } catch (err) {
      if (err instanceof SignedDocumentError) return failure('revocation-list', `The revocation list in the license is not valid: ${err.message}`)
      throw err
    }
    const newest = newerRevocationList(revocation.revocationList, embedded)
    revocation = { revocationList: newest, revocationListUpdated: newest !== revocation.revocationList }
  }
  const list = revocation.revocationList
  if (list !== null && list.revoked.includes(kid)) {
    return failure('revoked', `Signing key ${kid} has been revoked (revocation list ${list.number}), so licenses it signed are no longer accepted. Ask for a new license.`)
  }

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
  const options = payload.options.map((o) => ({ code: o.code, until: o.until, active: optionActive(o.until, now) }))
  return {
    ok: true,
    payload,
    kid,
    alg,
    rootKid: checked.rootKid,
    certificate,
    options,
    activeOptions: options.filter((o) => o.active).map((o) => o.code),
    maintenanceUntil: payload.maintenanceUntil,
    ...revocation,
  }
}
