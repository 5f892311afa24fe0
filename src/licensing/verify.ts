/** Server-side verification with node:crypto (OpenSSL). */
import { constants, createPublicKey, verify, type KeyObject } from 'node:crypto'
import { RSA_PSS_SALT_LENGTH } from './algorithms'
import { keyTypeProblem, type PublicKeyInfo } from './keys'
import { runVerification, SIGNATURE_MISMATCH, type SignatureCheck, type VerifyOptions, type VerifyResult } from './verify-common'

/** Parsed public keys by PEM (a server checks every license it issues against the same few keys). */
const parsed = new Map<string, KeyObject>()

function parsedPublicKey(pem: string): KeyObject | null {
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
  let valid = false
  try {
    valid =
      envelope.alg === 'ed25519'
        ? verify(null, payloadBytes, publicKey, signature)
        : verify('sha256', payloadBytes, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: RSA_PSS_SALT_LENGTH }, signature)
  } catch {
    valid = false
  }
  return valid ? null : { code: 'signature', reason: SIGNATURE_MISMATCH(key.kid) }
}

/** Verifies a license file with node:crypto: format, key, signature, payload, hardware id, expiry. */
export function verifyLicense(text: string, keys: PublicKeyInfo[], opts?: VerifyOptions): VerifyResult {
  return runVerification(text, keys, opts, checkWithNodeCrypto)
}
