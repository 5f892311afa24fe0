import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { createHash, sign as cryptoSign } from 'node:crypto'
import {
  buildLicensePayload,
  generateSigningKey,
  serializeLicensePayload,
  signLicense,
  toPublicKeyInfo,
  verifyLicense,
  verifyLicenseWithForge,
  type LicenseAlg,
  type LicensePayload,
  type PublicKeyInfo,
  type SigningKey,
  type VerifyResult,
} from '@/licensing'
import { formatLicenseFile } from '@/licensing/license-file'
import { flipByte, testSigningKey, verifyWithOpenssl, withReplaced } from './helpers'
import { parseLicenseFile } from '@/licensing'

const ALGS: LicenseAlg[] = ['ed25519', 'rsa-pss-sha256']
const fresh: Record<LicenseAlg, SigningKey> = {
  ed25519: generateSigningKey('ed25519'),
  'rsa-pss-sha256': generateSigningKey('rsa-pss-sha256'),
}
const verifiers = [
  ['node:crypto', verifyLicense],
  ['node-forge', verifyLicenseWithForge],
] as const

const payloadArb = fc
  .record({
    licenseId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,30}$/),
    serial: fc.integer({ min: 0, max: 0xffffffff }).map(String),
    modelId: fc.integer({ min: 0, max: 0xffff }),
    hardwareId: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('hex')),
    options: fc.array(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,15}$/), { maxLength: 8 }),
    sequence: fc.integer({ min: 1, max: 0xffffffff }),
    issuedMs: fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }),
    validMs: fc.option(fc.integer({ min: 1, max: 10 * 365 * 86400_000 })),
  })
  .map(({ issuedMs, validMs, ...rest }) =>
    buildLicensePayload({ ...rest, issuedAt: new Date(issuedMs), expiresAt: validMs === null ? null : new Date(issuedMs + validMs) }),
  )

const basePayload = buildLicensePayload({
  licenseId: 'LIC-1',
  serial: '123456',
  modelId: 42,
  hardwareId: '00112233445566778899aabbccddeeff',
  options: ['MODBUS'],
  sequence: 1,
  issuedAt: '2026-01-15T09:30:00.000Z',
  expiresAt: '2027-01-15T09:30:00.000Z',
})
const NOW = new Date('2026-06-01T00:00:00Z')

function failure(result: VerifyResult): { code: string; reason: string } {
  if (result.ok) throw new Error('verified')
  return result
}

describe.each(ALGS)('%s: freshly signed licenses', (alg) => {
  const key = fresh[alg]
  const keys = [toPublicKeyInfo(key)]

  it('verify with node:crypto, node-forge and the openssl CLI', () => {
    fc.assert(
      fc.property(payloadArb, (payload) => {
        const { text, sha256 } = signLicense(payload, key)
        expect(sha256).toBe(createHash('sha256').update(text).digest('hex'))
        const now = new Date(payload.issuedAt)
        for (const [, verify] of verifiers) {
          expect(verify(text, keys, { now, hardwareId: payload.hardwareId.toUpperCase() })).toEqual({ ok: true, payload, kid: key.kid, alg })
        }
        const openssl = verifyWithOpenssl(text, key.publicKeyPem)
        expect(openssl.output).toMatch(/Verified OK|Signature Verified Successfully/)
        expect(openssl.ok).toBe(true)
        expect(parseLicenseFile(text).payloadBytes).toEqual(serializeLicensePayload(payload))
      }),
      { numRuns: alg === 'ed25519' ? 25 : 10 },
    )
  })

  const { text } = signLicense(basePayload, key)
  const parsed = parseLicenseFile(text)

  it.each(verifiers)('changing any byte of the payload fails with %s', (_name, verify) => {
    fc.assert(
      fc.property(fc.nat({ max: parsed.payloadBytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, mask) => {
        const tampered = withReplaced(text, { payloadBytes: flipByte(parsed.payloadBytes, index, mask) })
        expect(failure(verify(tampered, keys, { now: NOW })).code).toBe('signature')
      }),
      { numRuns: 40 },
    )
  })

  it.each(verifiers)('changing any byte of the signature fails with %s', (_name, verify) => {
    fc.assert(
      fc.property(fc.nat({ max: parsed.signature.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, mask) => {
        const tampered = withReplaced(text, { signature: flipByte(parsed.signature, index, mask) })
        expect(failure(verify(tampered, keys, { now: NOW })).code).toBe('signature')
      }),
      { numRuns: 40 },
    )
  })

  it('openssl rejects a changed payload and a changed signature', () => {
    expect(verifyWithOpenssl(withReplaced(text, { payloadBytes: flipByte(parsed.payloadBytes, 10, 1) }), key.publicKeyPem).ok).toBe(false)
    expect(verifyWithOpenssl(withReplaced(text, { signature: flipByte(parsed.signature, 0, 0x80) }), key.publicKeyPem).ok).toBe(false)
  })

  it.each(verifiers)('%s: a truncated or extended signature fails', (_name, verify) => {
    expect(failure(verify(withReplaced(text, { signature: parsed.signature.subarray(1) }), keys, { now: NOW })).code).toBe('signature')
    expect(failure(verify(withReplaced(text, { signature: Buffer.concat([parsed.signature, Buffer.alloc(1)]) }), keys, { now: NOW })).code).toBe('signature')
  })
})

describe.each(verifiers)('%s verification checks', (_name, verify) => {
  const key = testSigningKey('ed25519')
  const rsa = testSigningKey('rsa-pss-sha256')
  const keys: PublicKeyInfo[] = [toPublicKeyInfo(key), toPublicKeyInfo(rsa)]
  const { text } = signLicense(basePayload, key)

  it('accepts a valid license, and one signed by a retired key', () => {
    expect(verify(text, keys, { now: NOW })).toEqual({ ok: true, payload: basePayload, kid: key.kid, alg: 'ed25519' })
    expect(verify(text, keys.map((k) => ({ ...k, status: 'retired' as const })), { now: NOW }).ok).toBe(true)
  })
  it('format', () => {
    const f = failure(verify('garbage', keys))
    expect(f).toEqual({ ok: false, code: 'format', reason: 'This is not a PUMOTIX license file: the line -----BEGIN PUMOTIX LICENSE----- is missing.' })
  })
  it('unknown kid', () => {
    const f = failure(verify(text, [toPublicKeyInfo(rsa)], { now: NOW }))
    expect(f.code).toBe('unknown-key')
    expect(f.reason).toBe(`The license was signed with key ${key.kid}, which is not among the known license keys. Update the key list or check where the license came from.`)
    expect(failure(verify(text, [], { now: NOW })).code).toBe('unknown-key')
  })
  it('algorithm does not match the key', () => {
    const f = failure(verify(text, [{ ...toPublicKeyInfo(key), alg: 'rsa-pss-sha256' }], { now: NOW }))
    expect(f.code).toBe('alg-mismatch')
    expect(f.reason).toBe(`The license says it is signed with ed25519, but key ${key.kid} is a rsa-pss-sha256 key.`)
  })
  it('unusable key in the list', () => {
    expect(failure(verify(text, [{ ...toPublicKeyInfo(key), publicKey: 'nope' }], { now: NOW })).code).toBe('bad-key')
    const f = failure(verify(text, [{ ...toPublicKeyInfo(key), publicKey: rsa.publicKeyPem }], { now: NOW }))
    expect(f.code).toBe('bad-key')
    expect(f.reason).toMatch(new RegExp(`^Key ${key.kid} in the key list`))
  })
  it('signature by another key under the same kid', () => {
    const other = generateSigningKey('ed25519')
    const f = failure(verify(text, [{ ...toPublicKeyInfo(other), kid: key.kid }], { now: NOW }))
    expect(f.code).toBe('signature')
    expect(f.reason).toBe(`The license signature is not valid: the file was changed after it was signed, or it was not signed by key ${key.kid}.`)
  })
  it('signed payload that breaks the schema', () => {
    const bad = Buffer.from(JSON.stringify({ ...basePayload, options: ['b', 'a'] }))
    const forged = formatLicenseFile({
      alg: 'ed25519',
      kid: key.kid,
      enc: bad.toString('base64'),
      sig: cryptoSign(null, bad, key.privateKeyPem).toString('base64'),
    })
    const f = failure(verify(forged, keys, { now: NOW }))
    expect(f.code).toBe('payload')
    expect(f.reason).toBe('The license is signed but its content is invalid: The option codes must be sorted and unique.')
  })
  it('hardware id binding, case-insensitive', () => {
    expect(verify(text, keys, { now: NOW, hardwareId: ' 00112233445566778899AABBCCDDEEFF ' }).ok).toBe(true)
    const f = failure(verify(text, keys, { now: NOW, hardwareId: 'ffffffffffffffffffffffffffffffff' }))
    expect(f.code).toBe('hardware-id')
    expect(f.reason).toBe(
      'This license is for the controller with hardware id 00112233445566778899aabbccddeeff, not for hardware id ffffffffffffffffffffffffffffffff.',
    )
  })
  it('expiry', () => {
    expect(verify(text, keys, { now: new Date(basePayload.expiresAt!) }).ok).toBe(true)
    const f = failure(verify(text, keys, { now: new Date(Date.parse(basePayload.expiresAt!) + 1) }))
    expect(f).toEqual({ ok: false, code: 'expired', reason: 'The license expired on 2027-01-15T09:30:00.000Z.' })
  })
  it('a perpetual license never expires', () => {
    const perpetual: LicensePayload = { ...basePayload, expiresAt: null }
    expect(verify(signLicense(perpetual, key).text, keys, { now: new Date('2999-01-01T00:00:00Z') }).ok).toBe(true)
  })
})

describe('signLicense refuses', () => {
  const key = testSigningKey('ed25519')
  it('an invalid payload', () => {
    expect(() => signLicense({ ...basePayload, hardwareId: 'x' }, key)).toThrow('The hardware id must be 32 lowercase hexadecimal characters.')
  })
  it('a kid that does not belong to the key', () => {
    expect(() => signLicense(basePayload, { ...key, kid: 'ed25519-0000000000000000' })).toThrow(
      `The key id ed25519-0000000000000000 does not belong to this private key (its id is ${key.kid}).`,
    )
  })
  it('a key of the wrong type', () => {
    expect(() => signLicense(basePayload, { ...key, alg: 'rsa-pss-sha256' })).toThrow('cannot sign rsa-pss-sha256 licenses: The key type is ed25519, not RSA.')
  })
  it('an unreadable key, without echoing it', () => {
    const broken = key.privateKeyPem.replace(/[A-Za-z]/, '!')
    try {
      signLicense(basePayload, { ...key, privateKeyPem: broken })
      throw new Error('signed')
    } catch (err) {
      expect((err as Error).message).toBe(`The private key of signing key ${key.kid} could not be read; it is not a valid PEM private key.`)
      expect((err as Error).message).not.toContain(broken.split('\n')[1].slice(0, 16))
    }
  })
})
