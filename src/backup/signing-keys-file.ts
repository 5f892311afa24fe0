/**
 * The signing keys in an archive: `keys/signing-keys.json` holds the rows as stored (private keys
 * encrypted with PAYLOAD_SECRET, src/licensing/key-encryption.ts), and the optional
 * `keys/escrow.json` holds the same keys with their private parts encrypted under a separate
 * passphrase, for recovering them when PAYLOAD_SECRET is lost.
 *
 * Escrow encryption: scrypt (N=2^17, r=8, p=1, 32 bytes, random 16-byte salt) — stronger than the
 * at-rest blobs because a person chooses the passphrase — then AES-256-GCM with a 12-byte IV over the
 * JSON list of keys; the additional data binds the public listing (kid, alg, status) shown in clear.
 */
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto'

import type { StoredSigningKey } from '@/db/backup/types'
import { decryptPrivateKey, KeyDecryptionError } from '@/licensing'
import { BackupError } from '@/db/backup/errors'

export type { StoredSigningKey }

export interface SigningKeysFile {
  format: 'pumotix-signing-keys'
  version: 1
  keys: StoredSigningKey[]
}

export type EscrowedKey = Omit<StoredSigningKey, 'privateKeyEncrypted'> & { privateKeyPem: string }

export interface EscrowFile {
  format: 'pumotix-key-escrow'
  version: 1
  createdAt: string
  kdf: { name: 'scrypt'; N: number; r: number; p: number; salt: string }
  cipher: { name: 'aes-256-gcm'; iv: string; tag: string }
  keys: Pick<StoredSigningKey, 'kid' | 'alg' | 'status'>[]
  ciphertext: string
}

const ESCROW_SCRYPT = { N: 1 << 17, r: 8, p: 1 }
const MAXMEM = 256 * 1024 * 1024
export const MIN_ESCROW_PASSPHRASE = 12

const aad = (keys: unknown) => Buffer.from(`pumotix-key-escrow:v1\n${JSON.stringify(keys)}`, 'utf8')

export function checkEscrowPassphrase(passphrase: string, payloadSecret: string): void {
  if (passphrase.length < MIN_ESCROW_PASSPHRASE) throw new BackupError(`The escrow passphrase must be at least ${MIN_ESCROW_PASSPHRASE} characters long.`)
  if (passphrase === payloadSecret) throw new BackupError('The escrow passphrase must not be PAYLOAD_SECRET itself: the escrow exists for when that secret is lost.')
}

/** The private keys of the stored rows, decrypted with PAYLOAD_SECRET; refuses when it is not their secret. */
export function decryptStoredKeys(keys: StoredSigningKey[], secret: string, secretFingerprint: string): EscrowedKey[] {
  return keys.map(({ privateKeyEncrypted, ...rest }) => {
    try {
      return { ...rest, privateKeyPem: decryptPrivateKey(privateKeyEncrypted, secret) }
    } catch (err) {
      if (!(err instanceof KeyDecryptionError)) throw err
      throw new BackupError(
        `Signing key ${rest.kid} cannot be decrypted with the configured PAYLOAD_SECRET (fingerprint ${secretFingerprint}): ` +
          `set PAYLOAD_SECRET to the secret this database's keys were encrypted with (${err.message})`,
      )
    }
  })
}

export function sealEscrow(keys: EscrowedKey[], passphrase: string, now: Date): EscrowFile {
  const salt = randomBytes(16)
  const iv = randomBytes(12)
  const listing = keys.map(({ kid, alg, status }) => ({ kid, alg, status }))
  const key = scryptSync(Buffer.from(passphrase, 'utf8'), salt, 32, { ...ESCROW_SCRYPT, maxmem: MAXMEM })
  const cipher = createCipheriv('aes-256-gcm', key, iv, { authTagLength: 16 })
  cipher.setAAD(aad(listing))
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(keys), 'utf8'), cipher.final()])
  return {
    format: 'pumotix-key-escrow',
    version: 1,
    createdAt: now.toISOString(),
    kdf: { name: 'scrypt', ...ESCROW_SCRYPT, salt: salt.toString('base64') },
    cipher: { name: 'aes-256-gcm', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64') },
    keys: listing,
    ciphertext: ciphertext.toString('base64'),
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

const isEscrowedKey = (k: unknown): k is EscrowedKey =>
  isObject(k) && ['kid', 'alg', 'status', 'publicKey', 'privateKeyPem', 'createdAt'].every((f) => typeof k[f] === 'string')

/** Reads an escrow file (its JSON text) and decrypts its keys with the passphrase. */
export function openEscrow(text: string, passphrase: string, where: string): EscrowedKey[] {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw new BackupError(`${where} is not JSON: it is not a PUMOTIX key escrow file.`)
  }
  if (!isObject(doc) || doc.format !== 'pumotix-key-escrow') throw new BackupError(`${where} is not a PUMOTIX key escrow file.`)
  if (doc.version !== 1) throw new BackupError(`${where} has escrow format version ${JSON.stringify(doc.version)}; this version reads version 1 only.`)
  const kdf = doc.kdf
  const cipherInfo = doc.cipher
  if (!isObject(kdf) || kdf.name !== 'scrypt' || !isObject(cipherInfo) || cipherInfo.name !== 'aes-256-gcm' || !Array.isArray(doc.keys) || typeof doc.ciphertext !== 'string') {
    throw new BackupError(`${where} is damaged: its kdf, cipher, keys or ciphertext member is missing or not as written by this product.`)
  }
  const { N, r, p, salt } = kdf
  if (![N, r, p].every((n) => Number.isInteger(n) && Number(n) > 0 && Number(n) <= 1 << 20) || typeof salt !== 'string' || typeof cipherInfo.iv !== 'string' || typeof cipherInfo.tag !== 'string') {
    throw new BackupError(`${where} is damaged: its scrypt or AES parameters are not valid.`)
  }
  let plain: string
  try {
    const key = scryptSync(Buffer.from(passphrase, 'utf8'), Buffer.from(salt, 'base64'), 32, { N: Number(N), r: Number(r), p: Number(p), maxmem: MAXMEM })
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(cipherInfo.iv, 'base64'), { authTagLength: 16 })
    decipher.setAAD(aad(doc.keys))
    decipher.setAuthTag(Buffer.from(cipherInfo.tag, 'base64'))
    plain = Buffer.concat([decipher.update(Buffer.from(doc.ciphertext, 'base64')), decipher.final()]).toString('utf8')
  } catch {
    throw new BackupError(`The escrow passphrase does not open ${where}: the passphrase is wrong or the file was altered.`)
  }
  const keys: unknown = JSON.parse(plain)
  if (!Array.isArray(keys) || !keys.every(isEscrowedKey)) throw new BackupError(`${where} decrypts, but its content is not a list of signing keys.`)
  return keys
}

function isSigningKeysFile(doc: unknown): doc is SigningKeysFile {
  return (
    isObject(doc) &&
    doc.format === 'pumotix-signing-keys' &&
    doc.version === 1 &&
    Array.isArray(doc.keys) &&
    doc.keys.every((k) => isObject(k) && ['kid', 'alg', 'status', 'publicKey', 'privateKeyEncrypted', 'createdAt'].every((f) => typeof k[f] === 'string'))
  )
}

/** Parses keys/signing-keys.json. */
export function parseSigningKeysFile(text: string): SigningKeysFile {
  let doc: unknown
  try {
    doc = JSON.parse(text)
  } catch {
    throw new BackupError('keys/signing-keys.json in the archive is not JSON: the archive is damaged.')
  }
  if (!isSigningKeysFile(doc)) throw new BackupError('keys/signing-keys.json in the archive is not a list of signing keys as this product writes it.')
  return doc
}
