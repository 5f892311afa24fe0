import { describe, expect, it } from '@jest/globals'
import { createHash, createPublicKey } from 'node:crypto'
import {
  decryptPrivateKey,
  encryptPrivateKey,
  generateSigningKey,
  KeyDecryptionError,
  kidForPublicKey,
  toPublicKeyInfo,
} from '@/licensing'
import { kidForForgePublicKey, readPublicKeyPemWithForge } from '@/licensing/forge-keys'
import { testPublicKeys, testSigningKey } from './helpers'

const ed = generateSigningKey('ed25519', new Date('2026-02-01T00:00:00Z'))

describe('generateSigningKey', () => {
  it('defaults to Ed25519 and fills every field', () => {
    const k = generateSigningKey()
    expect(k.alg).toBe('ed25519')
    expect(k.status).toBe('active')
    expect(k.kid).toMatch(/^ed25519-[0-9a-f]{16}$/)
    expect(k.publicKeyPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/)
    expect(k.privateKeyPem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/)
    expect(ed.createdAt).toBe('2026-02-01T00:00:00.000Z')
  })
  it('makes RSA 3072 keys for rsa-pss-sha256', () => {
    const k = generateSigningKey('rsa-pss-sha256')
    expect(k.kid).toMatch(/^rsapss-[0-9a-f]{16}$/)
    const pub = createPublicKey(k.publicKeyPem)
    expect(pub.asymmetricKeyType).toBe('rsa')
    expect(pub.asymmetricKeyDetails?.modulusLength).toBe(3072)
    expect(pub.asymmetricKeyDetails?.publicExponent).toBe(65537n)
  })
  it('rejects unknown algorithms', () => {
    expect(() => generateSigningKey('hs256' as 'ed25519')).toThrow('Unknown license algorithm "hs256".')
  })
})

describe('kidForPublicKey', () => {
  it('is <prefix>- and the first 16 hex of SHA-256 of the SPKI DER', () => {
    const der = createPublicKey(ed.publicKeyPem).export({ type: 'spki', format: 'der' })
    expect(kidForPublicKey('ed25519', ed.publicKeyPem)).toBe('ed25519-' + createHash('sha256').update(der).digest('hex').slice(0, 16))
    expect(ed.kid).toBe(kidForPublicKey('ed25519', ed.publicKeyPem))
  })
  it('matches the kids of the test keys and the forge computation', () => {
    for (const k of testPublicKeys()) {
      expect(kidForPublicKey(k.alg, k.publicKey)).toBe(k.kid)
      const forgeKey = readPublicKeyPemWithForge(k.publicKey)
      expect(forgeKey.alg).toBe(k.alg)
      expect(kidForForgePublicKey(k.alg, forgeKey)).toBe(k.kid)
    }
  })
  it('refuses a key of the wrong type or a non-key', () => {
    const rsa = testSigningKey('rsa-pss-sha256')
    expect(() => kidForPublicKey('ed25519', rsa.publicKeyPem)).toThrow('The key type is rsa, not Ed25519.')
    expect(() => kidForPublicKey('rsa-pss-sha256', ed.publicKeyPem)).toThrow('The key type is ed25519, not RSA.')
    expect(() => kidForPublicKey('ed25519', 'nonsense')).toThrow('not a valid PEM public key')
  })
})

describe('toPublicKeyInfo', () => {
  it('publishes only public fields', () => {
    const info = toPublicKeyInfo(ed)
    expect(info).toEqual({ kid: ed.kid, alg: 'ed25519', status: 'active', createdAt: ed.createdAt, publicKey: ed.publicKeyPem })
    expect(JSON.stringify(info)).not.toContain('PRIVATE')
  })
})

describe('private key encryption at rest', () => {
  const secret = 'server-secret-for-tests-0123456789'
  const blob = encryptPrivateKey(ed.privateKeyPem, secret)

  it('writes v1:<salt>:<iv>:<tag>:<ciphertext> in base64', () => {
    const parts = blob.split(':')
    expect(parts).toHaveLength(5)
    expect(parts[0]).toBe('v1')
    expect(Buffer.from(parts[1], 'base64')).toHaveLength(16)
    expect(Buffer.from(parts[2], 'base64')).toHaveLength(12)
    expect(Buffer.from(parts[3], 'base64')).toHaveLength(16)
    expect(blob).not.toContain('PRIVATE')
  })
  it('round-trips, with a fresh salt and IV each time', () => {
    expect(decryptPrivateKey(blob, secret)).toBe(ed.privateKeyPem)
    const again = encryptPrivateKey(ed.privateKeyPem, secret)
    expect(again).not.toBe(blob)
    expect(decryptPrivateKey(again, secret)).toBe(ed.privateKeyPem)
    const rsa = testSigningKey('rsa-pss-sha256').privateKeyPem
    expect(decryptPrivateKey(encryptPrivateKey(rsa, secret), secret)).toBe(rsa)
  })

  function decryptError(b: string, s: string): KeyDecryptionError {
    try {
      decryptPrivateKey(b, s)
    } catch (err) {
      expect(err).toBeInstanceOf(KeyDecryptionError)
      const e = err as KeyDecryptionError
      expect(e.message).not.toContain('PRIVATE')
      expect(e.message).not.toContain(ed.privateKeyPem.split('\n')[1].slice(0, 20))
      expect(e.message).not.toContain(b.split(':').at(-1)!.slice(0, 20))
      expect(e.message).not.toContain(s)
      expect(e.stack ?? '').not.toContain('PRIVATE')
      return e
    }
    throw new Error('decrypted')
  }

  it('fails clearly with the wrong secret', () => {
    expect(decryptError(blob, 'wrong-secret').message).toBe(
      'The private signing key could not be decrypted: the server secret is wrong or the stored key was altered.',
    )
  })
  it('fails clearly when any part is altered', () => {
    const parts = blob.split(':')
    for (let i = 1; i < 5; i++) {
      const bytes = Buffer.from(parts[i], 'base64')
      bytes[0] ^= 1
      const altered = [...parts]
      altered[i] = bytes.toString('base64')
      expect(decryptError(altered.join(':'), secret).message).toMatch(/server secret is wrong or the stored key was altered/)
    }
  })
  it('rejects malformed blobs', () => {
    expect(decryptError('hello', secret).message).toBe('The stored private key is not in the expected v1:salt:iv:tag:ciphertext format.')
    expect(decryptError(blob.replace(/^v1/, 'v9'), secret).message).toBe('The stored private key uses format "v9"; only v1 is supported.')
    expect(decryptError(blob.split(':').map((p, i) => (i === 2 ? 'AAAA' : p)).join(':'), secret).message).toMatch(/one of its parts/)
  })
  it('requires a secret and a PEM private key', () => {
    expect(() => encryptPrivateKey(ed.privateKeyPem, '')).toThrow('The server secret for license keys is missing or empty.')
    expect(() => decryptPrivateKey(blob, '')).toThrow('missing or empty')
    expect(() => encryptPrivateKey(ed.publicKeyPem, secret)).toThrow('Only a PEM private key can be encrypted.')
  })
})
