/**
 * Private keys at rest: AES-256-GCM with a key derived from a server secret by scrypt
 * (N=2^14, r=8, p=1, 32 bytes) and a random 16-byte salt per blob. Blob format:
 *   v1:<salt b64>:<iv b64>:<tag b64>:<ciphertext b64>
 * with a 12-byte IV, a 16-byte tag and the additional authenticated data "pumotix-license-key:v1".
 * Errors never contain key material.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto'

const VERSION = 'v1'
const AAD = Buffer.from('pumotix-license-key:v1', 'utf8')
const SCRYPT = { N: 1 << 14, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }
const SALT_BYTES = 16
const IV_BYTES = 12
const TAG_BYTES = 16

/** Raised for every failure to decrypt; says nothing about the key itself. */
export class KeyDecryptionError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'KeyDecryptionError'
  }
}

function checkSecret(secret: unknown): string {
  if (typeof secret !== 'string' || secret.length === 0) {
    throw new TypeError('The server secret for license keys is missing or empty.')
  }
  return secret
}

function deriveKey(secret: string, salt: Buffer): Buffer {
  return scryptSync(Buffer.from(secret, 'utf8'), salt, 32, SCRYPT)
}

/** Encrypts a PEM private key for storage; returns `v1:salt:iv:tag:ciphertext` (base64 parts). */
export function encryptPrivateKey(privateKeyPem: string, secret: string): string {
  checkSecret(secret)
  if (typeof privateKeyPem !== 'string' || !privateKeyPem.includes('PRIVATE KEY')) {
    throw new TypeError('Only a PEM private key can be encrypted.')
  }
  const salt = randomBytes(SALT_BYTES)
  const iv = randomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', deriveKey(secret, salt), iv, { authTagLength: TAG_BYTES })
  cipher.setAAD(AAD)
  const ciphertext = Buffer.concat([cipher.update(privateKeyPem, 'utf8'), cipher.final()])
  const tag = cipher.getAuthTag()
  return [VERSION, salt, iv, tag, ciphertext].map((p) => (typeof p === 'string' ? p : p.toString('base64'))).join(':')
}

function part(text: string, bytes?: number): Buffer | null {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(text)) return null
  const buf = Buffer.from(text, 'base64')
  return bytes === undefined || buf.length === bytes ? buf : null
}

/** Decrypts a blob from encryptPrivateKey. Throws KeyDecryptionError on a wrong secret or tampering. */
export function decryptPrivateKey(blob: string, secret: string): string {
  checkSecret(secret)
  const parts = typeof blob === 'string' ? blob.trim().split(':') : []
  if (parts.length !== 5 || parts[0] !== VERSION) {
    throw new KeyDecryptionError(
      parts.length === 5 ? `The stored private key uses format ${JSON.stringify(parts[0].slice(0, 8))}; only v1 is supported.` : 'The stored private key is not in the expected v1:salt:iv:tag:ciphertext format.',
    )
  }
  const salt = part(parts[1], SALT_BYTES)
  const iv = part(parts[2], IV_BYTES)
  const tag = part(parts[3], TAG_BYTES)
  const ciphertext = part(parts[4])
  if (!salt || !iv || !tag || !ciphertext) {
    throw new KeyDecryptionError('The stored private key is damaged: one of its parts is not valid base64 of the right length.')
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', deriveKey(secret, salt), iv, { authTagLength: TAG_BYTES })
    decipher.setAAD(AAD)
    decipher.setAuthTag(tag)
    return Buffer.concat([decipher.update(ciphertext), decipher.final()]).toString('utf8')
  } catch {
    throw new KeyDecryptionError('The private signing key could not be decrypted: the server secret is wrong or the stored key was altered.')
  }
}
