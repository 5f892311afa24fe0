/**
 * The openssl commands of docs/license-format.md section 15, run exactly as written on every
 * format 2 vector and on freshly signed licenses; and the worked examples of the format 2
 * sections against the vectors.
 */
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  buildLicensePayloadV2,
  certifySigningKey,
  decodeRequestCodeV2,
  generateSigningKey,
  makeCertificationRequest,
  readCertificationRequest,
  rootPublicKey,
  signLicenseV2,
  signRevocationList,
  type LicenseAlg,
} from '@/licensing'
import { formatLicenseFileV2, parseLicenseEnvelopeV2 } from '@/licensing/license-file-v2'
import {
  certificateVectors,
  flipByte,
  licenseV2Vectors,
  readVector,
  requestCodeV2Vectors,
  revocationListVectors,
  ROOT,
  testRootKey,
  testRoots,
  verifyLicenseV2WithOpenssl,
} from './helpers'

const roots = testRoots()

/** What the documented script does with a vector: pass, or stop with this output. */
function opensslExpectation(v: ReturnType<typeof licenseV2Vectors>[number]): RegExp | null {
  const first = v.checks.find((c) => c.held === null) ?? v.checks[0]
  const code = first.expect.ok ? null : first.expect.code
  switch (code) {
    case null:
    case 'expired':
    case 'hardware-id':
      return null // the script checks signatures, certificate and list; the payload is the reader's
    case 'unknown-root':
      return /The certificate is signed by an unknown root\.\n$/
    case 'certificate':
      return /The certificate's kid is not derived from its key\.\n$/
    case 'certificate-signature':
    case 'signature':
      return /Signature Verification Failure\n$/
    case 'key-mismatch':
      return /The license is not signed by the certified key\.\n$/
    case 'certificate-validity':
      return /The license was issued outside the certificate's validity\.\n$/
    case 'revocation-list':
      return /The revocation list is signed by an unknown root\.\n$/
    case 'revoked':
      return /Signing key ed25519-[0-9a-f]{16} is revoked \(list \d+\)\.\n$/
    default:
      throw new Error(`no openssl expectation for ${code}`)
  }
}

describe.each(licenseV2Vectors().map((v) => [v.name, v] as const))('openssl (docs section 15) on vector %s', (_name, v) => {
  it('agrees with the verifiers', () => {
    const run = verifyLicenseV2WithOpenssl(readVector(v.file), roots)
    const failure = opensslExpectation(v)
    if (failure === null) {
      expect(run.output).toMatch(/License signatures verified; payload: envelope.json.payload\n$/)
      expect(run.output).toMatch(v.alg === 'ed25519' ? /Signature Verified Successfully/ : /Verified OK/)
      expect(run.ok).toBe(true)
    } else {
      expect(run.output).toMatch(failure)
      expect(run.ok).toBe(false)
    }
  })
})

describe.each(['ed25519', 'rsa-pss-sha256'] as LicenseAlg[])('openssl on freshly signed %s licenses', (alg) => {
  const root = testRootKey(alg === 'ed25519' ? 'rsa-pss-sha256' : 'ed25519')
  const key = generateSigningKey(alg)
  const certificate = certifySigningKey(makeCertificationRequest(key, new Date('2026-01-01T00:00:00Z')), root)
  const list = signRevocationList(testRootKey('ed25519'), { number: 5, issuedAt: '2026-02-01T00:00:00Z', revoked: ['ed25519-0123456789abcdef'] })
  const payload = buildLicensePayloadV2({
    licenseId: 'FRESH-1',
    serial: '77',
    modelId: 3,
    hardwareId: 'ab'.repeat(16),
    options: ['CANOPEN', { code: 'TRIAL', until: '2026-12-31T23:59:59.999Z' }],
    maintenanceUntil: null,
    sequence: 1,
    issuedAt: '2026-03-01T00:00:00Z',
  })
  const { text } = signLicenseV2(payload, key, { certificate, revocationList: list })

  it('verify (certificate by the other root type, list by the Ed25519 root)', () => {
    const run = verifyLicenseV2WithOpenssl(text, roots)
    expect(run.output).toMatch(/License signatures verified/)
    expect(run.ok).toBe(true)
  })
  it('fail when the payload, the signature or the certificate was changed, or the roots are missing', () => {
    const parsed = parseLicenseEnvelopeV2(text)
    const rebuild = (change: Partial<typeof parsed.envelope>) => formatLicenseFileV2({ ...parsed.envelope, ...change })
    expect(verifyLicenseV2WithOpenssl(rebuild({ enc: flipByte(parsed.payloadBytes, 12, 1).toString('base64') }), roots).ok).toBe(false)
    expect(verifyLicenseV2WithOpenssl(rebuild({ sig: flipByte(parsed.signature, 3, 0x40).toString('base64') }), roots).ok).toBe(false)
    const certEnv = JSON.parse(parsed.certificateBytes.toString())
    const certPayload = Buffer.from(certEnv.enc, 'base64').toString().replace('"notAfter":null', '"notAfter":"2099-01-01T00:00:00.000Z"')
    const tamperedCert = Buffer.from(JSON.stringify({ ...certEnv, enc: Buffer.from(certPayload).toString('base64') })).toString('base64')
    expect(verifyLicenseV2WithOpenssl(rebuild({ crt: tamperedCert }), roots).output).toMatch(/Signature Verification Failure|Verification failure/)
    expect(verifyLicenseV2WithOpenssl(text, [rootPublicKey(testRootKey('unknown-ed25519'))]).output).toMatch(/The certificate is signed by an unknown root\./)
  })
})

describe('docs/license-format.md, format 2 sections, match the vectors', () => {
  const doc = readFileSync(join(ROOT, 'docs/license-format.md'), 'utf8')
  it('shows the PMX2 worked example: bytes, text and the trusted-clock code', () => {
    const [typical, trusted] = [requestCodeV2Vectors()[0], requestCodeV2Vectors().find((c) => c.name === 'trusted-clock')!]
    expect(doc).toContain(typical.text)
    expect(doc).toContain(typical.hex.slice(0, 32).replace(/(..)(?!$)/g, '$1 '))
    expect(doc).toContain(typical.hex.slice(64).replace(/(..)(?!$)/g, '$1 '))
    expect(doc).toContain(trusted.text)
    expect(decodeRequestCodeV2(typical.text).serial).toBe('123456')
    const time = Date.parse(trusted.fields.createdAt) / 1000
    expect(doc).toContain(`--time ${time}`)
  })
  it('shows the worked license, its hash, payload, certificate, list, request and root key', () => {
    const v = licenseV2Vectors().find((l) => l.name === 'ed25519-dated')!
    expect(doc).toContain(readVector(v.file))
    expect(doc).toContain(v.sha256)
    expect(doc).toContain(readVector(v.payloadFile))
    expect(doc).toContain(readVector(certificateVectors().find((c) => c.name === 'a-by-root-ed25519')!.payloadFile))
    expect(doc).toContain(readVector(revocationListVectors().find((l) => l.name === 'crl-1')!.payloadFile))
    const request = readCertificationRequest(readVector('certification-requests/ed25519-b.pem')).request
    expect(doc).toContain(JSON.stringify(request))
    expect(doc).toContain(readVector('keys/TEST-ONLY-root-ed25519.public.pem'))
    expect(doc).toContain(roots[0].kid)
  })
  it('lists every format 2 verification code in its table, in the order the verifier checks them', () => {
    const table = doc.slice(doc.indexOf('## 14. Verification, format 2'), doc.indexOf('## 15.'))
    const codes = [...table.matchAll(/^\| \d+ \| `([a-z-]+)` \|/gm)].map((m) => m[1])
    expect(codes).toEqual([
      'format',
      'certificate',
      'unknown-root',
      'bad-root',
      'certificate-signature',
      'certificate',
      'key-mismatch',
      'signature',
      'payload',
      'certificate-validity',
      'revocation-list',
      'revoked',
      'hardware-id',
      'expired',
    ])
  })
})
