/** Verification of format 2 licenses, certificates and revocation lists with node:crypto (OpenSSL). */
import { asResult, checkCertificate, checkRevocationList, type CertificateResult, type RevocationListResult, type RootPublicKey } from './document-verify'
import { nodeSuite } from './node-suite'
import { parseRootsText } from './roots-file'
import type { RevocationList } from './revocation-list'
import type { VerifyOptions } from './verify-common'
import { runVerificationV2, type VerifyV2Result } from './verify-v2-common'

/**
 * Verifies a format 2 license file as a controller does, with node:crypto: certificate against
 * the roots, license signature against the certificate, validity, revocation (by the newer of
 * `heldRevocationList` and the list the file carries), hardware id, expiry and option end dates.
 */
export function verifyLicenseV2(text: string, roots: readonly RootPublicKey[], heldRevocationList: RevocationList | null, opts?: VerifyOptions): VerifyV2Result {
  return runVerificationV2(nodeSuite, text, roots, heldRevocationList, opts)
}

/** Checks a signing-key certificate (armored text, base64 or envelope bytes) against the roots. */
export function verifyCertificate(input: string | Uint8Array, roots: readonly RootPublicKey[]): CertificateResult {
  return asResult(() => {
    const { certificate, rootKid, bytes } = checkCertificate(nodeSuite, input, roots)
    return { certificate, rootKid, bytes }
  })
}

/** Checks a revocation list (armored text, base64 or envelope bytes) against the roots. */
export function verifyRevocationList(input: string | Uint8Array, roots: readonly RootPublicKey[]): RevocationListResult {
  return asResult(() => checkRevocationList(nodeSuite, input, roots))
}

/** Root public keys from text: SPKI PEM blocks (kid and alg derived) or the JSON GET /api/license-keys returns. */
export function readRootKeys(text: string): RootPublicKey[] {
  return parseRootsText(text, nodeSuite)
}
