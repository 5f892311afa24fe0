/**
 * Signing keys (server side, node:crypto). kid = `<prefix>-` + the first 16 hex characters of the
 * SHA-256 of the public key's SPKI DER encoding; prefix `ed25519` or `rsapss` (see algorithms.ts).
 */
import { createHash, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { DEFAULT_LICENSE_ALG, KID_PREFIX, isLicenseAlg, RSA_MIN_MODULUS_BITS, RSA_MODULUS_BITS, type LicenseAlg } from './algorithms'

/** As GET /api/license-keys publishes it: active signs now, retired signed before, revoked must not be trusted. */
export type KeyStatus = 'active' | 'retired' | 'revoked'

export interface SigningKey {
  kid: string
  alg: LicenseAlg
  /** Only `active` keys sign new licenses; `retired` keys still verify old ones. */
  status: KeyStatus
  /** ISO-8601 UTC. */
  createdAt: string
  /** SPKI PEM. */
  publicKeyPem: string
  /** PKCS#8 PEM. Keep encrypted at rest (see key-encryption.ts). */
  privateKeyPem: string
}

/** What is published at GET /api/license-keys, per key. */
export interface PublicKeyInfo {
  kid: string
  alg: LicenseAlg
  status: KeyStatus
  createdAt: string
  /** SPKI PEM. */
  publicKey: string
}

export { RSA_MIN_MODULUS_BITS }

/** Null when `key` suits `alg`, otherwise a sentence saying why not. */
export function keyTypeProblem(alg: LicenseAlg, key: KeyObject): string | null {
  if (alg === 'ed25519') {
    return key.asymmetricKeyType === 'ed25519' ? null : `The key type is ${key.asymmetricKeyType}, not Ed25519.`
  }
  if (key.asymmetricKeyType !== 'rsa') return `The key type is ${key.asymmetricKeyType}, not RSA.`
  const bits = key.asymmetricKeyDetails?.modulusLength ?? 0
  return bits >= RSA_MIN_MODULUS_BITS ? null : `The RSA key has ${bits} bits; at least ${RSA_MIN_MODULUS_BITS} are required.`
}

/** kid of a public key object (type not checked). */
export function kidForKeyObject(alg: LicenseAlg, publicKey: KeyObject): string {
  const der = publicKey.export({ type: 'spki', format: 'der' })
  return `${KID_PREFIX[alg]}-${createHash('sha256').update(der).digest('hex').slice(0, 16)}`
}

/** Deterministic key id for an SPKI PEM public key. Throws if the PEM is not a key of type `alg`. */
export function kidForPublicKey(alg: LicenseAlg, publicKeyPem: string): string {
  if (!isLicenseAlg(alg)) throw new RangeError(`Unknown license algorithm ${JSON.stringify(alg)}.`)
  let key: KeyObject
  try {
    key = createPublicKey(publicKeyPem)
  } catch {
    throw new Error('The public key could not be read; it is not a valid PEM public key.')
  }
  const problem = keyTypeProblem(alg, key)
  if (problem) throw new Error(problem)
  return kidForKeyObject(alg, key)
}

/** A new key pair (Ed25519, or RSA 3072 for rsa-pss-sha256), status `active`. */
export function generateSigningKey(alg: LicenseAlg = DEFAULT_LICENSE_ALG, now: Date = new Date()): SigningKey {
  if (!isLicenseAlg(alg)) throw new RangeError(`Unknown license algorithm ${JSON.stringify(alg)}.`)
  const publicKeyEncoding = { type: 'spki', format: 'pem' } as const
  const privateKeyEncoding = { type: 'pkcs8', format: 'pem' } as const
  const { publicKey, privateKey } =
    alg === 'ed25519'
      ? generateKeyPairSync('ed25519', { publicKeyEncoding, privateKeyEncoding })
      : generateKeyPairSync('rsa', { modulusLength: RSA_MODULUS_BITS, publicExponent: 0x10001, publicKeyEncoding, privateKeyEncoding })
  return {
    kid: kidForPublicKey(alg, publicKey),
    alg,
    status: 'active',
    createdAt: now.toISOString(),
    publicKeyPem: publicKey,
    privateKeyPem: privateKey,
  }
}

/** The public part of a key, as published (never includes the private key). */
export function toPublicKeyInfo(k: SigningKey | Omit<SigningKey, 'privateKeyPem'>): PublicKeyInfo {
  return { kid: k.kid, alg: k.alg, status: k.status, createdAt: k.createdAt, publicKey: k.publicKeyPem }
}
