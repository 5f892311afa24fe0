/**
 * Names the PAYLOAD_SECRET that encrypts the signing keys without revealing it: the first 16 hex
 * digits of SHA-256 over a key derived from the secret by scrypt (N=2^14, r=8, p=1, 32 bytes, a fixed
 * salt). The scrypt step makes testing guesses against a fingerprint as slow as against the keys
 * themselves, so a fingerprint in an archive tells an attacker nothing the encrypted keys do not.
 */
import { createHash, scryptSync } from 'node:crypto'

const SALT = 'pumotix-secret-fingerprint:v1'

export const FINGERPRINT_METHOD = 'first 16 hex digits of SHA-256(scrypt(secret, "pumotix-secret-fingerprint:v1", N=16384, r=8, p=1, 32 bytes))'

export function secretFingerprint(secret: string): string {
  const derived = scryptSync(Buffer.from(secret, 'utf8'), SALT, 32, { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 })
  return createHash('sha256').update(derived).digest('hex').slice(0, 16)
}
