import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import { createHash, createPrivateKey } from 'node:crypto'
import {
  buildLicensePayloadV2,
  certificateKeyProblem,
  certifySigningKey,
  formatCertificateFile,
  formatRevocationListFile,
  generateRootKey,
  generateSigningKey,
  licenseFileVersion,
  makeCertificationRequest,
  parseLicenseFileV2,
  readRootPrivateKey,
  rootPublicKey,
  signLicense,
  signLicenseV2,
  signRevocationList,
  verifyCertificate,
  verifyLicense,
  verifyLicenseV2,
  verifyLicenseV2WithForge,
  type LicenseAlg,
  type LicensePayloadV2,
  type RevocationList,
  type RootPublicKey,
  type VerifyV2Result,
} from '@/licensing'
import { formatLicenseFileV2, parseLicenseEnvelopeV2 } from '@/licensing/license-file-v2'
import { serializeLicensePayloadV2 } from '@/licensing/license-payload-v2'
import { signBytes } from '@/licensing/sign'
import { flipByte, readVector, testRootKey, testRoots, testSigningKey, verifyLicenseV2WithOpenssl } from './helpers'

const ALGS: LicenseAlg[] = ['ed25519', 'rsa-pss-sha256']
const verifiers = [
  ['node:crypto', verifyLicenseV2],
  ['node-forge', verifyLicenseV2WithForge],
] as const
const roots = testRoots()
const rootEd = testRootKey('ed25519')
const NOW = new Date('2026-06-01T00:00:00Z')
const HW = '00112233445566778899aabbccddeeff'

function failure(result: VerifyV2Result): { code: string; reason: string } {
  if (result.ok) throw new Error('verified')
  return result
}

const payloadArb = fc
  .record({
    licenseId: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,30}$/),
    serial: fc.integer({ min: 0, max: 0xffffffff }).map(String),
    modelId: fc.integer({ min: 0, max: 0xffff }),
    hardwareId: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('hex')),
    options: fc.array(fc.record({ code: fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,15}$/), days: fc.option(fc.integer({ min: 1, max: 3650 })) }), { maxLength: 6 }),
    maintenanceDays: fc.option(fc.integer({ min: -365, max: 3650 })),
    sequence: fc.integer({ min: 1, max: 0xffffffff }),
    issuedMs: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2030, 0, 1) }),
    validMs: fc.option(fc.integer({ min: 1, max: 10 * 365 * 86400_000 })),
  })
  .map(({ issuedMs, validMs, options, maintenanceDays, ...rest }) =>
    buildLicensePayloadV2({
      ...rest,
      options: options.map((o) => ({ code: o.code, until: o.days === null ? null : new Date(issuedMs + o.days * 86400_000) })),
      maintenanceUntil: maintenanceDays === null ? null : new Date(issuedMs + maintenanceDays * 86400_000),
      issuedAt: new Date(issuedMs),
      expiresAt: validMs === null ? null : new Date(issuedMs + validMs),
    }),
  )

/** A fresh key certified by `root` from 2026-01-01 with no end. */
function certified(alg: LicenseAlg, root = rootEd) {
  const key = generateSigningKey(alg, new Date('2026-01-01T00:00:00Z'))
  return { key, certificate: certifySigningKey(makeCertificationRequest(key, new Date('2026-01-01T00:00:00Z')), root) }
}

const base = buildLicensePayloadV2({
  licenseId: 'LIC-2',
  serial: '123456',
  modelId: 42,
  hardwareId: HW,
  options: ['MODBUS', { code: 'TRIAL', until: '2026-07-01T00:00:00Z' }],
  maintenanceUntil: '2027-01-01T00:00:00Z',
  sequence: 1,
  issuedAt: '2026-02-01T00:00:00Z',
  expiresAt: '2027-02-01T00:00:00Z',
})

describe.each(ALGS)('%s: freshly signed format 2 licenses', (alg) => {
  const { key, certificate } = certified(alg, alg === 'ed25519' ? rootEd : testRootKey('rsa-pss-sha256'))
  const list = signRevocationList(rootEd, { number: 4, issuedAt: '2026-01-15T00:00:00Z', revoked: ['ed25519-0123456789abcdef'] })

  it('verify with node:crypto and node-forge (and a sample with openssl)', () => {
    let opensslRuns = 0
    fc.assert(
      fc.property(payloadArb, fc.boolean(), (payload, withList) => {
        const { text, sha256 } = signLicenseV2(payload, key, { certificate, revocationList: withList ? list : null })
        expect(sha256).toBe(createHash('sha256').update(text).digest('hex'))
        expect(licenseFileVersion(text)).toBe(2)
        const now = new Date(payload.issuedAt)
        for (const [, verify] of verifiers) {
          const r = verify(text, roots, null, { now, hardwareId: payload.hardwareId.toUpperCase() })
          if (!r.ok) throw new Error(r.reason)
          expect(r.payload).toEqual(payload)
          expect(r.kid).toBe(key.kid)
          expect(r.activeOptions).toEqual(payload.options.map((o) => o.code))
          expect(r.revocationList?.number ?? null).toBe(withList ? 4 : null)
          expect(r.revocationListUpdated).toBe(withList)
        }
        expect(parseLicenseFileV2(text).payloadBytes).toEqual(serializeLicensePayloadV2(payload))
        if (opensslRuns++ < 3) expect(verifyLicenseV2WithOpenssl(text, roots).ok).toBe(true)
      }),
      { numRuns: alg === 'ed25519' ? 20 : 8 },
    )
  })

  const { text } = signLicenseV2(base, key, { certificate, revocationList: list })
  const parsed = parseLicenseEnvelopeV2(text)
  const rebuild = (change: Partial<typeof parsed.envelope>) => formatLicenseFileV2({ ...parsed.envelope, ...change })

  it.each(verifiers)('changing any byte of the payload fails with %s', (_name, verify) => {
    fc.assert(
      fc.property(fc.nat({ max: parsed.payloadBytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, mask) => {
        expect(failure(verify(rebuild({ enc: flipByte(parsed.payloadBytes, index, mask).toString('base64') }), roots, null, { now: NOW })).code).toBe('signature')
      }),
      { numRuns: alg === 'ed25519' ? 15 : 8 },
    )
  })

  it.each(verifiers)('changing any byte of the signature fails with %s', (_name, verify) => {
    fc.assert(
      fc.property(fc.nat({ max: parsed.signature.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, mask) => {
        expect(failure(verify(rebuild({ sig: flipByte(parsed.signature, index, mask).toString('base64') }), roots, null, { now: NOW })).code).toBe('signature')
      }),
      { numRuns: alg === 'ed25519' ? 15 : 8 },
    )
  })

  it.each(verifiers)('changing any byte of the certificate fails with %s (never accepted)', (_name, verify) => {
    fc.assert(
      fc.property(fc.nat({ max: parsed.certificateBytes.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, mask) => {
        const r = verify(rebuild({ crt: flipByte(parsed.certificateBytes, index, mask).toString('base64') }), roots, null, { now: NOW })
        expect(['certificate', 'unknown-root', 'certificate-signature', 'key-mismatch']).toContain(failure(r).code)
      }),
      { numRuns: alg === 'ed25519' ? 15 : 8 },
    )
  })

  it.each(verifiers)('changing any byte of the revocation list fails with %s', (_name, verify) => {
    const crl = parsed.revocationListBytes!
    fc.assert(
      fc.property(fc.nat({ max: crl.length - 1 }), fc.integer({ min: 1, max: 255 }), (index, mask) => {
        expect(failure(verify(rebuild({ crl: flipByte(crl, index, mask).toString('base64') }), roots, null, { now: NOW })).code).toBe('revocation-list')
      }),
      { numRuns: 15 },
    )
  })
})

describe.each(verifiers)('%s format 2 verification checks', (_name, verify) => {
  const { key, certificate } = certified('ed25519')
  const { text } = signLicenseV2(base, key, { certificate, revocationList: null })
  const parsed = parseLicenseEnvelopeV2(text)
  const rebuild = (change: Partial<typeof parsed.envelope>) => formatLicenseFileV2({ ...parsed.envelope, ...change })
  /** A file signed by `key` over any payload bytes, bypassing signLicenseV2's checks. */
  const signedRaw = (bytes: Buffer) => rebuild({ enc: bytes.toString('base64'), sig: signBytes('ed25519', bytes, createPrivateKey(key.privateKeyPem)).toString('base64') })

  it('accepts a valid license and reports options, maintenance, certificate and root', () => {
    const r = verify(text, roots, null, { now: NOW, hardwareId: HW })
    if (!r.ok) throw new Error(r.reason)
    expect(r.options).toEqual([
      { code: 'MODBUS', until: null, active: true },
      { code: 'TRIAL', until: '2026-07-01T00:00:00.000Z', active: true },
    ])
    expect(r.activeOptions).toEqual(['MODBUS', 'TRIAL'])
    expect(r.maintenanceUntil).toBe('2027-01-01T00:00:00.000Z')
    expect(r.rootKid).toBe(rootEd.kid)
    expect(r.certificate.kid).toBe(key.kid)
    expect(r.revocationList).toBeNull()
    expect(r.revocationListUpdated).toBe(false)
  })
  it('an option is active up to its end, inclusive; the rest of the license stays valid after it', () => {
    const at = (iso: string) => verify(text, roots, null, { now: new Date(iso) })
    const end = at('2026-07-01T00:00:00.000Z')
    expect(end.ok && end.activeOptions).toEqual(['MODBUS', 'TRIAL'])
    const after = at('2026-07-01T00:00:00.001Z')
    expect(after.ok && after.activeOptions).toEqual(['MODBUS'])
    expect(after.ok && after.options[1]).toEqual({ code: 'TRIAL', until: '2026-07-01T00:00:00.000Z', active: false })
  })
  it('expired: expiresAt as in format 1', () => {
    expect(verify(text, roots, null, { now: new Date('2027-02-01T00:00:00.000Z') }).ok).toBe(true)
    expect(failure(verify(text, roots, null, { now: new Date('2027-02-01T00:00:00.001Z') }))).toMatchObject({ code: 'expired', reason: 'The license expired on 2027-02-01T00:00:00.000Z.' })
  })
  it('format: garbage, a format 1 file, a damaged envelope', () => {
    expect(failure(verify('garbage', roots, null))).toMatchObject({ code: 'format', reason: 'This is not a PUMOTIX license file: the line -----BEGIN PUMOTIX LICENSE----- is missing.' })
    const v1 = readVector('licenses/ed25519-perpetual.lic')
    expect(licenseFileVersion(v1)).toBe(1)
    expect(failure(verify(v1, roots, null)).reason).toBe(
      'This is a format 1 license file (it carries no certificate); check it with the license keys (format 1 verification), not with root keys.',
    )
    const json = Buffer.from(text.split('\n').slice(1, -2).join(''), 'base64').toString()
    const armor = (j: string) => `-----BEGIN PUMOTIX LICENSE-----\n${Buffer.from(j).toString('base64')}\n-----END PUMOTIX LICENSE-----\n`
    expect(failure(verify(armor(json.replace('{"alg"', '{ "alg"')), roots, null)).reason).toBe(
      'The license file is damaged: its envelope is not in canonical form (key order or spacing differs).',
    )
    expect(failure(verify(armor(json.replace('"crl":null', '"crl":1')), roots, null)).reason).toBe('The license file is damaged: crl must be a string or null.')
    expect(failure(verify(armor(json.replace('"crl":null', '"crl":null,"x":1')), roots, null)).reason).toBe(
      'The license file is damaged: a format 2 license must contain exactly the fields alg, kid, enc, sig, crt and crl.',
    )
    expect(failure(verify(rebuild({ crt: 'not base64!' }), roots, null)).reason).toBe('The license file is damaged: the certificate (crt) is not valid base64.')
    expect(failure(verify(rebuild({ crl: '@@' }), roots, null)).reason).toBe('The license file is damaged: the revocation list (crl) is not valid base64.')
    expect(verify(text.replace(/\n/g, '\r\n').replace(/^/, 'Dear customer,\r\n\r\n  '), roots, null, { now: NOW }).ok).toBe(true)
  })
  it('certificate / unknown-root / bad-root / certificate-signature', () => {
    expect(failure(verify(rebuild({ crt: Buffer.from('{}').toString('base64') }), roots, null)).code).toBe('certificate')
    expect(failure(verify(rebuild({ crt: Buffer.from(readVector('revocation-lists/crl-1.pem').split('\n').slice(1, -2).join(''), 'base64').toString('base64') }), roots, null))).toMatchObject({
      code: 'certificate',
      reason: 'This is a revocation list, not a signing-key certificate.',
    })
    expect(failure(verify(text, [roots[1]], null))).toMatchObject({
      code: 'unknown-root',
      reason: `The signing-key certificate was signed by root key ${rootEd.kid}, which is not among the known root keys.`,
    })
    expect(failure(verify(text, [{ ...roots[0], publicKey: roots[1].publicKey }], null)).code).toBe('bad-root')
    const otherRoot = readRootPrivateKey(generateRootKey('ed25519', 'one more long passphrase').encryptedPrivateKeyPem, 'one more long passphrase')
    const impostor: RootPublicKey = { ...rootPublicKey(otherRoot), kid: rootEd.kid }
    expect(failure(verify(text, [impostor], null)).code).toBe('bad-root')
    const forgedByOther = certifySigningKey(makeCertificationRequest(key, new Date('2026-01-01T00:00:00Z')), otherRoot)
    const env = JSON.parse(forgedByOther.toString())
    const claimed = Buffer.from(JSON.stringify({ ...env, kid: rootEd.kid }))
    expect(failure(verify(rebuild({ crt: claimed.toString('base64') }), roots, null))).toMatchObject({
      code: 'certificate-signature',
      reason: `The signing-key certificate's signature is not valid: it was changed after it was signed, or it was not signed by root key ${rootEd.kid}.`,
    })
  })
  it('key-mismatch: signed by another key than the certified one', () => {
    const other = certified('ed25519')
    const r = failure(verify(rebuild({ crt: other.certificate.toString('base64') }), roots, null))
    expect(r).toMatchObject({ code: 'key-mismatch', reason: `The license says it is signed by key ${key.kid} (ed25519), but its certificate is for key ${other.key.kid} (ed25519).` })
  })
  it('payload: a signed payload that is not canonical version 2', () => {
    expect(failure(verify(signedRaw(Buffer.from(JSON.stringify({ ...base, v: 1 }))), roots, null))).toMatchObject({
      code: 'payload',
      reason: 'The license is signed but its content is invalid: The license payload has version 1; a format 2 license has version 2.',
    })
    expect(failure(verify(signedRaw(Buffer.from(JSON.stringify(base, null, 2))), roots, null)).reason).toBe(
      'The license is signed but its content is invalid: The license payload is not in canonical form (key order or spacing differs).',
    )
  })
  it('certificate-validity: both ends inclusive', () => {
    const dated = certifySigningKey(makeCertificationRequest(key, new Date('2026-01-01T00:00:00Z')), rootEd, { notBefore: '2026-02-01T00:00:00Z', notAfter: '2026-03-01T00:00:00Z' })
    const at = (issuedAt: string) => {
      const p: LicensePayloadV2 = { ...base, issuedAt }
      return verify(signedRaw(serializeLicensePayloadV2(p)).replace(/^/, ''), roots, null, { now: NOW })
    }
    const withCert = (issuedAt: string) => {
      const bytes = serializeLicensePayloadV2({ ...base, issuedAt })
      const file = formatLicenseFileV2({ ...parsed.envelope, crt: dated.toString('base64'), enc: bytes.toString('base64'), sig: signBytes('ed25519', bytes, createPrivateKey(key.privateKeyPem)).toString('base64') })
      return verify(file, roots, null, { now: NOW })
    }
    expect(at('2026-02-01T00:00:00.000Z').ok).toBe(true)
    expect(withCert('2026-02-01T00:00:00.000Z').ok).toBe(true)
    expect(withCert('2026-03-01T00:00:00.000Z').ok).toBe(true)
    expect(failure(withCert('2026-01-31T23:59:59.999Z'))).toMatchObject({
      code: 'certificate-validity',
      reason: "The license was issued at 2026-01-31T23:59:59.999Z, outside the validity of its signing key's certificate (from 2026-02-01T00:00:00.000Z to 2026-03-01T00:00:00.000Z).",
    })
    expect(failure(withCert('2026-03-01T00:00:00.001Z')).code).toBe('certificate-validity')
  })
  it('revocation-list: an invalid held list, a list by an unknown root', () => {
    const held: RevocationList = { v: 1, type: 'revocations', number: 0, issuedAt: '2026-01-01T00:00:00.000Z', revoked: [] }
    expect(failure(verify(text, roots, held, { now: NOW }))).toMatchObject({
      code: 'revocation-list',
      reason: 'The revocation list this controller holds is not valid: The revocation list number must be a whole number from 1 to 4294967295.',
    })
    const foreign = readVector('revocation-lists/crl-unknown-root.pem').split('\n').slice(1, -2).join('')
    expect(failure(verify(rebuild({ crl: foreign }), roots, null, { now: NOW })).reason).toMatch(/^The revocation list in the license is not valid: The revocation list was signed by root key ed25519-[0-9a-f]{16}, which is not among the known root keys\.$/)
  })
  it('revoked, by the held list or by the list the license carries', () => {
    const list = signRevocationList(rootEd, { number: 7, issuedAt: '2026-05-01T00:00:00Z', revoked: [key.kid] })
    const listPayload: RevocationList = { v: 1, type: 'revocations', number: 7, issuedAt: '2026-05-01T00:00:00.000Z', revoked: [key.kid] }
    expect(failure(verify(text, roots, listPayload, { now: NOW }))).toMatchObject({
      code: 'revoked',
      reason: `Signing key ${key.kid} has been revoked (revocation list 7), so licenses it signed are no longer accepted. Ask for a new license.`,
      revocationList: listPayload,
      revocationListUpdated: false,
    })
    const carried = failure(verify(rebuild({ crl: list.toString('base64') }), roots, null, { now: NOW }))
    expect(carried).toMatchObject({ code: 'revoked', revocationList: listPayload, revocationListUpdated: true })
  })
  it('hardware-id, case-insensitive', () => {
    expect(verify(text, roots, null, { now: NOW, hardwareId: ` ${HW.toUpperCase()} ` }).ok).toBe(true)
    expect(failure(verify(text, roots, null, { now: NOW, hardwareId: 'ff'.repeat(16) }))).toMatchObject({
      code: 'hardware-id',
      reason: `This license is for the controller with hardware id ${HW}, not for hardware id ${'ff'.repeat(16)}.`,
    })
  })
  it('format 1 verification refuses a format 2 file', () => {
    expect(verifyLicense(text, [])).toMatchObject({ ok: false, code: 'format' })
  })
})

describe('certificateKeyProblem (is an uploaded certificate for the pending key?)', () => {
  const { key, certificate } = certified('ed25519')
  const checked = verifyCertificate(certificate, roots)
  if (!checked.ok) throw new Error(checked.reason)
  it('accepts the certificate of the key and names the mismatch otherwise', () => {
    expect(certificateKeyProblem(checked.certificate, key)).toBeNull()
    const other = generateSigningKey('ed25519')
    expect(certificateKeyProblem(checked.certificate, other)).toBe(`The certificate is for key ${key.kid} (ed25519), not for signing key ${other.kid} (ed25519).`)
    expect(certificateKeyProblem(checked.certificate, { ...key, publicKeyPem: other.publicKeyPem })).toMatch(/^The certificate is for key /)
    expect(certificateKeyProblem(checked.certificate, { ...key, publicKeyPem: 'nope' })).toBe(`The public key of signing key ${key.kid} is not a valid PEM public key.`)
  })
})

describe('signLicenseV2', () => {
  const { key, certificate } = certified('ed25519')
  it('takes the certificate and the list as bytes, base64 or armored files, with the same result', () => {
    const list = signRevocationList(rootEd, { number: 1, issuedAt: '2026-01-10T00:00:00Z', revoked: [] })
    const a = signLicenseV2(base, key, { certificate, revocationList: list })
    const b = signLicenseV2(base, key, { certificate: certificate.toString('base64'), revocationList: list.toString('base64') })
    const c = signLicenseV2(base, key, { certificate: formatCertificateFile(certificate), revocationList: formatRevocationListFile(list), roots })
    expect(b).toEqual(a)
    expect(c).toEqual(a)
  })
  it('checks the certificate and the list against roots when given', () => {
    const foreignRoot = testRootKey('unknown-ed25519')
    const foreign = certifySigningKey(makeCertificationRequest(key, new Date('2026-01-01T00:00:00Z')), foreignRoot)
    expect(() => signLicenseV2(base, key, { certificate: foreign, revocationList: null, roots })).toThrow(
      `The certificate cannot be used: The signing-key certificate was signed by root key ${foreignRoot.kid}, which is not among the known root keys.`,
    )
    expect(signLicenseV2(base, key, { certificate: foreign, revocationList: null }).text).toMatch(/^-----BEGIN PUMOTIX LICENSE-----/)
    const foreignList = signRevocationList(foreignRoot, { number: 1, issuedAt: '2026-01-10T00:00:00Z', revoked: [] })
    expect(() => signLicenseV2(base, key, { certificate, revocationList: foreignList, roots })).toThrow(/^The revocation list cannot be used: The revocation list was signed by root key/)
  })
  it('refuses a certificate for another key, also after caching it for its own key', () => {
    const other = certified('ed25519')
    expect(signLicenseV2(base, other.key, { certificate: other.certificate, revocationList: null }).text).toBeTruthy()
    expect(() => signLicenseV2(base, key, { certificate: other.certificate, revocationList: null })).toThrow(
      `The certificate is for key ${other.key.kid} (ed25519), not for signing key ${key.kid} (ed25519).`,
    )
  })
  it('refuses an issuedAt outside the certificate, a list that revokes the key, bad input', () => {
    const dated = certifySigningKey(makeCertificationRequest(key, new Date('2026-01-01T00:00:00Z')), rootEd, { notAfter: '2026-01-31T00:00:00Z' })
    expect(() => signLicenseV2(base, key, { certificate: dated, revocationList: null })).toThrow(
      `The license would be issued at 2026-02-01T00:00:00.000Z, outside the validity of the certificate of key ${key.kid} (from 2026-01-01T00:00:00.000Z to 2026-01-31T00:00:00.000Z).`,
    )
    const revoking = signRevocationList(rootEd, { number: 2, issuedAt: '2026-01-20T00:00:00Z', revoked: [key.kid] })
    expect(() => signLicenseV2(base, key, { certificate, revocationList: revoking })).toThrow(`Signing key ${key.kid} is revoked by revocation list 2; controllers would refuse its licenses.`)
    expect(() => signLicenseV2({ ...base, hardwareId: 'x' }, key, { certificate, revocationList: null })).toThrow('The hardware id must be 32 lowercase hexadecimal characters.')
    expect(() => signLicenseV2(base, key, { certificate: 'garbage', revocationList: null })).toThrow('The certificate cannot be used: it is not valid base64.')
    expect(() => signLicenseV2(base, key, { certificate: readVector('revocation-lists/crl-1.pem'), revocationList: null })).toThrow(
      'The certificate cannot be used: This is a revocation list, not a signing-key certificate.',
    )
    expect(() => signLicenseV2(base, { ...key, kid: 'ed25519-0000000000000000' }, { certificate, revocationList: null })).toThrow(
      `The key id ed25519-0000000000000000 does not belong to this private key (its id is ${key.kid}).`,
    )
  })
  it('is deterministic for Ed25519 and leaves format 1 signing as it was', () => {
    expect(signLicenseV2(base, key, { certificate, revocationList: null }).text).toBe(signLicenseV2(base, key, { certificate, revocationList: null }).text)
    const v1 = testSigningKey('ed25519')
    const payload = JSON.parse(readVector('licenses/ed25519-perpetual.payload.json'))
    expect(signLicense(payload, v1).text).toBe(readVector('licenses/ed25519-perpetual.lic'))
  })
})
