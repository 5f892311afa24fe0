/**
 * Device-side verification with node-forge only (pure JavaScript, no node:crypto): an
 * implementation independent of the OpenSSL that signed the license.
 */
import forge from 'node-forge'
import { RSA_PSS_SALT_LENGTH } from './algorithms'
import { readPublicKeyPemWithForge, toBinaryString, type ForgePublicKey } from './forge-keys'
import type { PublicKeyInfo } from './keys'
import { runVerification, SIGNATURE_MISMATCH, type SignatureCheck, type VerifyOptions, type VerifyResult } from './verify-common'

const checkWithForge: SignatureCheck = (key, { envelope, payloadBytes, signature }) => {
  let publicKey: ForgePublicKey
  try {
    publicKey = readPublicKeyPemWithForge(key.publicKey)
  } catch (err) {
    return { code: 'bad-key', reason: `Key ${key.kid} in the key list is not a valid public key: ${(err as Error).message}` }
  }
  if (publicKey.alg !== envelope.alg) {
    return { code: 'bad-key', reason: `Key ${key.kid} in the key list is listed as ${key.alg} but holds a ${publicKey.alg} key.` }
  }
  return forgeSignatureValid(publicKey, payloadBytes, signature) ? null : { code: 'signature', reason: SIGNATURE_MISMATCH(key.kid) }
}

/** True when `signature` is a valid signature of `publicKey`'s algorithm over exactly `bytes` (false on any error). */
export function forgeSignatureValid(publicKey: ForgePublicKey, bytes: Buffer, signature: Buffer): boolean {
  try {
    if (publicKey.alg === 'ed25519') {
      return forge.pki.ed25519.verify({ message: bytes, signature, publicKey: publicKey.key })
    }
    const digest = forge.md.sha256.create().update(toBinaryString(bytes)).digest().getBytes()
    const pss = forge.pss.create({
      md: forge.md.sha256.create(),
      mgf: forge.mgf.mgf1.create(forge.md.sha256.create()),
      saltLength: RSA_PSS_SALT_LENGTH,
    })
    return publicKey.key.verify(digest, toBinaryString(signature), pss)
  } catch {
    return false
  }
}

/** Verifies a license file with node-forge only: format, key, signature, payload, hardware id, expiry. */
export function verifyLicenseWithForge(text: string, keys: PublicKeyInfo[], opts?: VerifyOptions): VerifyResult {
  return runVerification(text, keys, opts, checkWithForge)
}
