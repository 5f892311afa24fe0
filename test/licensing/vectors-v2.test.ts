import { describe, expect, it } from '@jest/globals'
import { createHash } from 'node:crypto'
import {
  parseLicenseFileV2,
  serializeLicensePayloadV2,
  signLicenseV2,
  verifyLicenseV2,
  verifyLicenseV2WithForge,
  type VerifyV2Result,
} from '@/licensing'
import { heldList, licenseV2Index, licenseV2Vectors, readVector, testRoots, testSigningKey, testSigningKeyB, type LicenseV2Expectation } from './helpers'

const roots = testRoots()
const verifiers = [
  ['node:crypto', verifyLicenseV2],
  ['node-forge', verifyLicenseV2WithForge],
] as const

/** The part of a result the vector index records. */
function summary(r: VerifyV2Result): LicenseV2Expectation {
  const revocationNumber = r.revocationList?.number ?? null
  return r.ok
    ? { ok: true, activeOptions: r.activeOptions, revocationNumber, revocationListUpdated: r.revocationListUpdated }
    : { ok: false, code: r.code, revocationNumber, revocationListUpdated: r.revocationListUpdated }
}

describe('licenses-v2.json', () => {
  it('indexes every license file once, and covers every verification code the vectors can show', () => {
    const index = licenseV2Index()
    expect(index.roots).toBe('keys/test-roots.json')
    const codes = new Set(index.licenses.flatMap((l) => l.checks.map((c) => (c.expect.ok ? 'ok' : c.expect.code))))
    expect([...codes].sort()).toEqual(
      ['certificate', 'certificate-signature', 'certificate-validity', 'expired', 'hardware-id', 'key-mismatch', 'ok', 'revocation-list', 'revoked', 'signature', 'unknown-root'].sort(),
    )
    expect(new Set(index.licenses.map((l) => l.file)).size).toBe(index.licenses.length)
  })
})

describe.each(licenseV2Vectors().map((v) => [v.name, v] as const))('format 2 license vector %s', (_name, v) => {
  const text = readVector(v.file)

  it('has the recorded SHA-256, envelope, certificate, list and payload bytes', () => {
    expect(createHash('sha256').update(text).digest('hex')).toBe(v.sha256)
    const parsed = parseLicenseFileV2(text)
    expect(parsed.envelope.alg).toBe(v.alg)
    expect(parsed.envelope.kid).toBe(v.kid)
    expect(parsed.payload).toEqual(v.payload)
    expect(parsed.payloadBytes.toString('utf8')).toBe(readVector(v.payloadFile))
    expect(serializeLicensePayloadV2(v.payload).toString('utf8')).toBe(readVector(v.payloadFile))
    expect(parsed.certificateBytes.toString('base64')).toBe(readVector(v.certificate).split('\n').slice(1, -2).join(''))
    if (v.revocationList === null) expect(parsed.revocationListBytes).toBeNull()
    else expect(parsed.revocationListBytes?.toString('base64')).toBe(readVector(v.revocationList).split('\n').slice(1, -2).join(''))
  })

  describe.each(v.checks.map((c, i) => [`${i + 1}: held ${c.held ?? 'none'} at ${c.now}${c.hardwareId === licenseV2Index().hardwareId ? '' : ` for ${c.hardwareId}`}`, c] as const))('check %s', (_label, c) => {
    it.each(verifiers)('%s gives the recorded result', (_impl, verify) => {
      const held = heldList(c.held)
      const r = verify(text, roots, held, { now: new Date(c.now), hardwareId: c.hardwareId })
      expect(summary(r)).toEqual(c.expect)
      if (r.ok) {
        expect(r.payload).toEqual(v.payload)
        expect(r.kid).toBe(v.kid)
        expect(r.options.map((o) => o.code)).toEqual(v.payload.options.map((o) => o.code))
        expect(r.options.filter((o) => o.active).map((o) => o.code)).toEqual(r.activeOptions)
        expect(r.maintenanceUntil).toBe(v.payload.maintenanceUntil)
      } else {
        expect(r.reason.length).toBeGreaterThan(20)
      }
      if (!r.revocationListUpdated) expect(r.revocationList).toBe(held)
    })
  })

  it('both implementations give the same result, reason included', () => {
    for (const c of v.checks) {
      const opts = { now: new Date(c.now), hardwareId: c.hardwareId }
      expect(verifyLicenseV2WithForge(text, roots, heldList(c.held), opts)).toEqual(verifyLicenseV2(text, roots, heldList(c.held), opts))
    }
  })

  const made = v.describe.includes('made by hand') || v.describe.includes('after signing')
  if (!made) {
    it(v.deterministic ? 'is reproduced byte for byte by signLicenseV2' : 'gets a different but equally valid file when signed again', () => {
      const parsed = parseLicenseFileV2(text)
      const key = v.kid === testSigningKeyB().kid ? testSigningKeyB() : testSigningKey(v.alg)
      const again = signLicenseV2(v.payload, key, { certificate: parsed.envelope.crt, revocationList: parsed.envelope.crl })
      if (v.deterministic) {
        expect(again.text).toBe(text)
        expect(again.sha256).toBe(v.sha256)
      } else {
        expect(again.text).not.toBe(text)
        const c = v.checks[0]
        expect(summary(verifyLicenseV2WithForge(again.text, roots, heldList(c.held), { now: new Date(c.now), hardwareId: c.hardwareId }))).toEqual(c.expect)
      }
    })
  }
})
