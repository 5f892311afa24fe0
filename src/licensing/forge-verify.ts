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
  let valid = false
  try {
    if (publicKey.alg === 'ed25519') {
      valid = forge.pki.ed25519.verify({ message: payloadBytes, signature, publicKey: publicKey.key })
    } else {
      const digest = forge.md.sha256.create().update(toBinaryString(payloadBytes)).digest().getBytes()
      const pss = forge.pss.create({
        md: forge.md.sha256.create(),
        mgf: forge.mgf.mgf1.create(forge.md.sha256.create()),
        saltLength: RSA_PSS_SALT_LENGTH,
      })
      valid = publicKey.key.verify(digest, toBinaryString(signature), pss)
    }
  } catch {
    valid = false
  }
  return valid ? null : { code: 'signature', reason: SIGNATURE_MISMATCH(key.kid) }
}

/** Verifies a license file with node-forge only: format, key, signature, payload, hardware id, expiry. */
export function verifyLicenseWithForge(text: string, keys: PublicKeyInfo[], opts?: VerifyOptions): VerifyResult {
  return runVerification(text, keys, opts, checkWithForge)
}
