/**
 * What a root key signs (offline, node:crypto): signing-key certificates and revocation lists.
 * Each result is the document's envelope bytes, checked against the root's public key before it
 * is returned; format*File gives the armored text people move around.
 */
import { certificatePayloadProblem, serializeCertificatePayload, type SigningKeyCertificate } from './certificate'
import { certificationRequestProblem, readCertificationRequest, type CertificationRequest } from './certification-request'
import { asResult, certifiedKey, checkCertificate, checkRevocationList } from './document-verify'
import { toIso } from './license-payload'
import { nodeSuite } from './node-suite'
import { buildRevocationList, serializeRevocationList, type RevocationListInput } from './revocation-list'
import { rootPublicKey, type RootSigningKey } from './root-key'
import { signBytes } from './sign'
import { armorDocument, envelopeBytes } from './signed-envelope'

export interface CertificateValidity {
  /** Default: the request's createdAt. */
  notBefore?: Date | string
  /** Default: null (no end). */
  notAfter?: Date | string | null
}

function rootSign(root: RootSigningKey, payload: Buffer): Buffer {
  return envelopeBytes(root.alg, root.kid, payload, signBytes(root.alg, payload, root.privateKey))
}

/**
 * Certifies the key of a certification request with a root key; returns the certificate's
 * envelope bytes. A request given as text or bytes is read with readCertificationRequest (which
 * checks that its maker holds the private key); a request object must have been read that way.
 * Throws RangeError for invalid validity dates, and when asked to certify the root key itself.
 */
export function certifySigningKey(request: CertificationRequest | string | Uint8Array, root: RootSigningKey, validity: CertificateValidity = {}): Buffer {
  const req = typeof request === 'string' || request instanceof Uint8Array ? readCertificationRequest(request).request : request
  const problem = certificationRequestProblem(req)
  if (problem) throw new RangeError(problem)
  certifiedKey(nodeSuite, req, 'certification request')
  if (req.kid === root.kid) throw new RangeError('A root key cannot be certified as a signing key; root keys sign only certificates and revocation lists.')
  const certificate: SigningKeyCertificate = {
    v: 1,
    type: 'signing-key',
    kid: req.kid,
    alg: req.alg,
    publicKey: req.publicKey,
    notBefore: validity.notBefore === undefined ? req.createdAt : toIso('notBefore', validity.notBefore),
    notAfter: validity.notAfter == null ? null : toIso('notAfter', validity.notAfter),
  }
  const certificateProblem = certificatePayloadProblem(certificate)
  if (certificateProblem) throw new RangeError(certificateProblem)
  const bytes = rootSign(root, serializeCertificatePayload(certificate))
  const self = asResult(() => checkCertificate(nodeSuite, bytes, [rootPublicKey(root)]))
  if (!self.ok) throw new Error(`The new certificate did not pass verification: ${self.reason}`)
  return bytes
}

/** Signs a revocation list (key ids sorted and de-duplicated); returns its envelope bytes. Throws RangeError for invalid fields. */
export function signRevocationList(root: RootSigningKey, input: RevocationListInput): Buffer {
  const list = buildRevocationList(input)
  if (list.revoked.includes(root.kid)) throw new RangeError('A revocation list cannot revoke a root key; root keys are replaced only with new firmware.')
  const bytes = rootSign(root, serializeRevocationList(list))
  const self = asResult(() => checkRevocationList(nodeSuite, bytes, [rootPublicKey(root)]))
  if (!self.ok) throw new Error(`The new revocation list did not pass verification: ${self.reason}`)
  return bytes
}

/** Armored text of a certificate (-----BEGIN PUMOTIX SIGNING KEY CERTIFICATE-----). */
export function formatCertificateFile(bytes: Uint8Array): string {
  return armorDocument('signing-key', bytes)
}

/** Armored text of a revocation list (-----BEGIN PUMOTIX REVOCATION LIST-----). */
export function formatRevocationListFile(bytes: Uint8Array): string {
  return armorDocument('revocations', bytes)
}
