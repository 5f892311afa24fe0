import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  decodeRequestCode,
  kidForPublicKey,
  parseLicenseFile,
  serializeLicensePayload,
  signLicense,
  verifyLicense,
  verifyLicenseWithForge,
} from '@/licensing'
import { licenseVectors, readVector, requestCodeVectors, ROOT, testPublicKeys, testSigningKey, verifyWithOpenssl } from './helpers'

const keys = testPublicKeys()

describe('test keys', () => {
  it('are marked TEST ONLY and have derived kids', () => {
    expect(JSON.parse(readVector('keys/test-keys.json')).warning).toMatch(/^TEST ONLY/)
    expect(readVector('README.md')).toContain('TEST ONLY')
    for (const k of keys) {
      expect(kidForPublicKey(k.alg, k.publicKey)).toBe(k.kid)
      expect(readVector(`keys/TEST-ONLY-${k.alg}.public.pem`)).toBe(k.publicKey)
    }
  })
})

describe.each(licenseVectors().map((v) => [v.file, v] as const))('license vector %s', (_file, v) => {
  const text = readVector(v.file)
  const at = new Date(v.payload.issuedAt)

  it('has the recorded SHA-256, kid and payload bytes', () => {
    expect(createHash('sha256').update(text).digest('hex')).toBe(v.sha256)
    const parsed = parseLicenseFile(text)
    expect(parsed.envelope.alg).toBe(v.alg)
    expect(parsed.envelope.kid).toBe(v.kid)
    expect(parsed.payload).toEqual(v.payload)
    expect(parsed.payloadBytes.toString('utf8')).toBe(readVector(v.payloadFile))
    expect(serializeLicensePayload(v.payload).toString('utf8')).toBe(readVector(v.payloadFile))
  })

  it('verifies with node:crypto, node-forge and openssl', () => {
    const expected = { ok: true, payload: v.payload, kid: v.kid, alg: v.alg }
    expect(verifyLicense(text, keys, { now: at, hardwareId: v.payload.hardwareId })).toEqual(expected)
    expect(verifyLicenseWithForge(text, keys, { now: at, hardwareId: v.payload.hardwareId })).toEqual(expected)
    expect(verifyWithOpenssl(text, readVector(`keys/TEST-ONLY-${v.alg}.public.pem`)).ok).toBe(true)
  })

  if (v.payload.expiresAt !== null) {
    it('is expired after expiresAt in both verifiers', () => {
      const later = new Date(Date.parse(v.payload.expiresAt!) + 1000)
      for (const verify of [verifyLicense, verifyLicenseWithForge]) {
        expect(verify(text, keys, { now: later })).toEqual({ ok: false, code: 'expired', reason: `The license expired on ${v.payload.expiresAt}.` })
      }
    })
  }

  it(v.deterministic ? 'is reproduced byte for byte by signing again' : 'gets a different but valid signature when signed again', () => {
    const again = signLicense(v.payload, testSigningKey(v.alg))
    if (v.deterministic) {
      expect(again.text).toBe(text)
      expect(again.sha256).toBe(v.sha256)
    } else {
      expect(again.text).not.toBe(text)
      expect(verifyLicenseWithForge(again.text, keys, { now: at }).ok).toBe(true)
    }
  })
})

describe('docs/license-format.md matches the vectors', () => {
  const doc = readFileSync(join(ROOT, 'docs/license-format.md'), 'utf8')
  it('shows the Ed25519 license, its hash, payload, key and the request code', () => {
    const v = licenseVectors().find((l) => l.file === 'licenses/ed25519-perpetual.lic')!
    expect(doc).toContain(readVector(v.file))
    expect(doc).toContain(v.sha256)
    expect(doc).toContain(readVector(v.payloadFile))
    expect(doc).toContain(readVector('keys/TEST-ONLY-ed25519.public.pem'))
    const code = requestCodeVectors()[0]
    expect(doc).toContain(code.text)
    expect(doc).toContain(code.hex.slice(0, 32).replace(/(..)(?!$)/g, '$1 '))
    expect(decodeRequestCode(code.text).serial).toBe('123456')
  })
})
