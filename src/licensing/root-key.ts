/**
 * Root keys (offline, node:crypto): they sign signing-key certificates and revocation lists and
 * live in the controllers' firmware as public keys. On disk a root private key is PKCS#8 PEM
 * encrypted with a passphrase (PBES2: PBKDF2-HMAC-SHA256, AES-256-CBC), which `openssl pkey`
 * reads too. The key id is derived as for signing keys (docs section 3.1).
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto'
import { isLicenseAlg, RSA_MODULUS_BITS, type LicenseAlg } from './algorithms'
import type { RootPublicKey } from './document-verify'
import { keyTypeProblem, kidForKeyObject } from './keys'

/** Shortest passphrase `generateRootKey` accepts (reading accepts any non-empty passphrase). */
export const ROOT_PASSPHRASE_MIN_LENGTH = 12
const ENCRYPTED_BEGIN = '-----BEGIN ENCRYPTED PRIVATE KEY-----'

/** A root key problem; the message never contains key material or the passphrase. */
export class RootKeyError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'RootKeyError'
  }
}

/** A new root key as written to disk. */
export interface RootKeyPair {
  kid: string
  alg: LicenseAlg
  /** SPKI PEM: goes into the firmware and into GET /api/license-keys `roots`. */
  publicKeyPem: string
  /** Encrypted PKCS#8 PEM (-----BEGIN ENCRYPTED PRIVATE KEY-----). */
  encryptedPrivateKeyPem: string
}

/** A root key ready to sign (decrypted in memory only). */
export interface RootSigningKey {
  kid: string
  alg: LicenseAlg
  privateKey: KeyObject
  publicKeyPem: string
}

function checkPassphrase(passphrase: unknown, minLength: number): string {
  if (typeof passphrase !== 'string' || passphrase.length === 0) throw new RootKeyError('The passphrase for the root key is missing or empty.')
  if (passphrase.length < minLength) throw new RootKeyError(`The passphrase for a new root key must have at least ${minLength} characters.`)
  return passphrase
}

/** A new root key pair (Ed25519, or RSA 3072 for rsa-pss-sha256) with its private key encrypted by `passphrase`. */
export function generateRootKey(alg: LicenseAlg, passphrase: string): RootKeyPair {
  if (!isLicenseAlg(alg)) throw new RangeError(`Unknown license algorithm ${JSON.stringify(alg)}.`)
  const secret = checkPassphrase(passphrase, ROOT_PASSPHRASE_MIN_LENGTH)
  const { publicKey, privateKey } =
    alg === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('rsa', { modulusLength: RSA_MODULUS_BITS, publicExponent: 0x10001 })
  return {
    kid: kidForKeyObject(alg, publicKey),
    alg,
    publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
    encryptedPrivateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: secret }).toString(),
  }
}

/** The algorithm a key object is for: Ed25519 keys sign ed25519, RSA keys rsa-pss-sha256. */
function algOf(key: KeyObject): LicenseAlg {
  const alg: LicenseAlg = key.asymmetricKeyType === 'ed25519' ? 'ed25519' : 'rsa-pss-sha256'
  const problem = keyTypeProblem(alg, key)
  if (problem) throw new RootKeyError(`The root key cannot sign: ${problem}`)
  return alg
}

/** Decrypts a root key file (encrypted PKCS#8 PEM). Throws RootKeyError: not encrypted, wrong passphrase, unusable key. */
export function readRootPrivateKey(pem: string, passphrase: string): RootSigningKey {
  const secret = checkPassphrase(passphrase, 1)
  if (typeof pem !== 'string' || !pem.includes(ENCRYPTED_BEGIN)) {
    throw new RootKeyError(
      typeof pem === 'string' && pem.includes('PRIVATE KEY-----')
        ? `The root key file is not encrypted. Root keys are kept as encrypted PKCS#8 (${ENCRYPTED_BEGIN}).`
        : `This is not a root key file: the line ${ENCRYPTED_BEGIN} is missing.`,
    )
  }
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem', passphrase: secret })
  } catch {
    throw new RootKeyError('The root key could not be decrypted: the passphrase is wrong or the file is damaged.')
  }
  const alg = algOf(privateKey)
  const publicKey = createPublicKey(privateKey)
  return { kid: kidForKeyObject(alg, publicKey), alg, privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }
}

/** The public part of a root key as controllers and GET /api/license-keys `roots` hold it. */
export function rootPublicKey(root: Pick<RootSigningKey, 'kid' | 'alg' | 'publicKeyPem'>): RootPublicKey {
  return { kid: root.kid, alg: root.alg, publicKey: root.publicKeyPem }
}
