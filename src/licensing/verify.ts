/** Server-side verification with node:crypto (OpenSSL). */
import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto'
import { RSA_PSS_SALT_LENGTH, type LicenseAlg } from './algorithms'
import { keyTypeProblem, type PublicKeyInfo } from './keys'
import { runVerification, SIGNATURE_MISMATCH, type SignatureCheck, type VerifyOptions, type VerifyResult } from './verify-common'

/** Parsed public keys by PEM (a server checks every license it issues against the same few keys). */
const parsed = new Map<string, KeyObject>()

export function parsedPublicKey(pem: string): KeyObject | null {
  const hit = parsed.get(pem)
  if (hit) return hit
  let key: KeyObject
  try {
    key = createPublicKey(pem)
  } catch {
    return null
  }
  if (parsed.size >= 64) parsed.clear()
  parsed.set(pem, key)
  return key
}

const checkWithNodeCrypto: SignatureCheck = (key, { envelope, payloadBytes, signature }) => {
  const publicKey = parsedPublicKey(key.publicKey)
  if (!publicKey) return { code: 'bad-key', reason: `Key ${key.kid} in the key list is not a valid public key.` }
  const problem = keyTypeProblem(envelope.alg, publicKey)
  if (problem) return { code: 'bad-key', reason: `Key ${key.kid} in the key list cannot check this license: ${problem}` }
  return nodeSignatureValid(envelope.alg, publicKey, payloadBytes, signature) ? null : { code: 'signature', reason: SIGNATURE_MISMATCH(key.kid) }
}

/** True when `signature` is a valid `alg` signature over exactly `bytes` (false on any error). */
export function nodeSignatureValid(alg: LicenseAlg, publicKey: KeyObject, bytes: Uint8Array, signature: Uint8Array): boolean {
  try {
    return alg === 'ed25519'
      ? verify(null, bytes, publicKey, signature)
      : verify('sha256', bytes, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: RSA_PSS_SALT_LENGTH }, signature)
  } catch {
    return false
  }
}

/** Verifies a license file with node:crypto: format, key, signature, payload, hardware id, expiry. */
export function verifyLicense(text: string, keys: PublicKeyInfo[], opts?: VerifyOptions): VerifyResult {
  return runVerification(text, keys, opts, checkWithNodeCrypto)
}
