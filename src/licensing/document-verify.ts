/**
 * Checking root-signed documents (signing-key certificates and revocation lists) with any
 * signature implementation: node:crypto on the server (node-suite.ts), node-forge on the device
 * side (forge-suite.ts). The steps and their order are the same for both; only the suite differs.
 */
import type { LicenseAlg } from './algorithms'
import { readCertificatePayload, type SigningKeyCertificate } from './certificate'
import { readRevocationListPayload, type RevocationList } from './revocation-list'
import {
  checkPayloadType,
  documentBytes,
  DOCUMENT_NOUN,
  parseEnvelope,
  SignedDocumentError,
  type DocumentFailureCode,
  type DocumentType,
  type ParsedSignedEnvelope,
} from './signed-envelope'

/** A root public key as the controller's firmware (or GET /api/license-keys `roots`) holds it. */
export interface RootPublicKey {
  kid: string
  alg: LicenseAlg
  /** SPKI PEM. */
  publicKey: string
}

/** The cryptography a verifier needs, over the implementation's own key type K. */
export interface SignatureSuite<K> {
  /** Reads an SPKI PEM public key; throws an Error whose message says why it cannot. */
  publicKeyFromPem(pem: string): K
  /** Reads SPKI DER bytes, which must be canonical DER; throws an Error whose message says why not. */
  publicKeyFromSpkiDer(der: Buffer): K
  /** Null when `key` can check `alg` signatures, otherwise a sentence. */
  keyProblem(alg: LicenseAlg, key: K): string | null
  /** Key id (docs section 3.1) of `key` as an `alg` key. */
  kid(alg: LicenseAlg, key: K): string
  /** True when `signature` is valid over exactly `bytes`. */
  verify(alg: LicenseAlg, key: K, bytes: Buffer, signature: Buffer): boolean
}

function fail(code: DocumentFailureCode, message: string): never {
  throw new SignedDocumentError(code, message)
}

/** A root's key, once checked: readable, of its alg, and with the kid derived from it. */
function rootKey<K>(suite: SignatureSuite<K>, root: RootPublicKey): K {
  let key: K
  try {
    key = suite.publicKeyFromPem(root.publicKey)
  } catch (err) {
    return fail('bad-root', `Root key ${root.kid} cannot be used: ${(err as Error).message}`)
  }
  const problem = suite.keyProblem(root.alg, key)
  if (problem) fail('bad-root', `Root key ${root.kid} cannot check ${root.alg} signatures: ${problem}`)
  const kid = suite.kid(root.alg, key)
  if (kid !== root.kid) fail('bad-root', `Root key ${root.kid} is listed under the wrong key id: its key id is ${kid}.`)
  return key
}

/** Envelope read, type checked, signer found among the roots and its signature valid. */
function rootSigned<K>(suite: SignatureSuite<K>, bytes: Buffer, type: DocumentType, roots: readonly RootPublicKey[]): { parsed: ParsedSignedEnvelope; root: RootPublicKey } {
  const noun = DOCUMENT_NOUN[type]
  const parsed = parseEnvelope(bytes, type)
  checkPayloadType(parsed.payloadBytes, type)
  const { kid, alg } = parsed.envelope
  const root = (Array.isArray(roots) ? roots : []).find((r) => r && r.kid === kid)
  if (!root) fail('unknown-root', `The ${noun} was signed by root key ${kid}, which is not among the known root keys.`)
  const key = rootKey(suite, root)
  if (root.alg !== alg) fail('signature', `The ${noun} says it is signed with ${alg}, but root key ${kid} is a ${root.alg} key.`)
  if (!suite.verify(alg, key, parsed.payloadBytes, parsed.signature)) {
    fail('signature', `The ${noun}'s signature is not valid: it was changed after it was signed, or it was not signed by root key ${kid}.`)
  }
  return { parsed, root }
}

/** The signing key a certificate holds, checked against the certificate's alg and kid. */
export function certifiedKey<K>(suite: SignatureSuite<K>, certificate: Pick<SigningKeyCertificate, 'kid' | 'alg' | 'publicKey'>, noun = DOCUMENT_NOUN['signing-key']): K {
  let key: K
  try {
    key = suite.publicKeyFromSpkiDer(Buffer.from(certificate.publicKey, 'base64'))
  } catch (err) {
    return fail('payload', `The ${noun}'s publicKey cannot be used: ${(err as Error).message}`)
  }
  const problem = suite.keyProblem(certificate.alg, key)
  if (problem) fail('payload', `The ${noun}'s publicKey is not a ${certificate.alg} key: ${problem}`)
  const kid = suite.kid(certificate.alg, key)
  if (kid !== certificate.kid) fail('kid', `The ${noun} names key id ${certificate.kid}, but the key id of its public key is ${kid}.`)
  return key
}

export interface CheckedCertificate<K> {
  certificate: SigningKeyCertificate
  rootKid: string
  /** The certified signing key. */
  key: K
  /** The certificate's envelope bytes. */
  bytes: Buffer
}

/** Checks a signing-key certificate against the roots; throws SignedDocumentError. */
export function checkCertificate<K>(suite: SignatureSuite<K>, input: string | Uint8Array, roots: readonly RootPublicKey[]): CheckedCertificate<K> {
  const bytes = documentBytes(input, 'signing-key')
  const { parsed, root } = rootSigned(suite, bytes, 'signing-key', roots)
  const read = readCertificatePayload(parsed.payloadBytes)
  if ('problem' in read) fail('payload', `The signing-key certificate is signed but its content is invalid: ${read.problem}`)
  const key = certifiedKey(suite, read.certificate)
  return { certificate: read.certificate, rootKid: root.kid, key, bytes }
}

export interface CheckedRevocationList {
  revocationList: RevocationList
  rootKid: string
  /** The list's envelope bytes. */
  bytes: Buffer
}

/** Checks a revocation list against the roots; throws SignedDocumentError. */
export function checkRevocationList<K>(suite: SignatureSuite<K>, input: string | Uint8Array, roots: readonly RootPublicKey[]): CheckedRevocationList {
  const bytes = documentBytes(input, 'revocations')
  const { parsed, root } = rootSigned(suite, bytes, 'revocations', roots)
  const read = readRevocationListPayload(parsed.payloadBytes)
  if ('problem' in read) fail('payload', `The revocation list is signed but its content is invalid: ${read.problem}`)
  return { revocationList: read.revocationList, rootKid: root.kid, bytes }
}

export type CertificateResult =
  | { ok: true; certificate: SigningKeyCertificate; rootKid: string; bytes: Buffer }
  | { ok: false; code: DocumentFailureCode; reason: string }

export type RevocationListResult =
  | { ok: true; revocationList: RevocationList; rootKid: string; bytes: Buffer }
  | { ok: false; code: DocumentFailureCode; reason: string }

/** Runs `check`, turning a SignedDocumentError into a failure result. */
export function asResult<T extends object>(check: () => T): ({ ok: true } & T) | { ok: false; code: DocumentFailureCode; reason: string } {
  try {
    return { ok: true, ...check() }
  } catch (err) {
    if (err instanceof SignedDocumentError) return { ok: false, code: err.code, reason: err.message }
    throw err
  }
}
