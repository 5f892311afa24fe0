/**
 * The format 2 part of the committed test vectors (called by generate.ts, which writes format 1
 * first and leaves it as it was). TEST ONLY keys: root keys (encrypted with the passphrase in
 * keys/TEST-ONLY-root-passphrase.txt), a second Ed25519 signing key, certificates, revocation
 * lists, PMX2 request codes and format 2 licenses with the expected verification results.
 *
 * Ed25519 signatures are deterministic, so re-running reproduces everything they sign byte for
 * byte. RSA-PSS signatures are randomized: an existing RSA-signed file is kept while it still
 * verifies and holds the same payload. Key files are created once, when missing.
 */
import { createHash, createPrivateKey } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import {
  buildLicensePayloadV2,
  buildRevocationList,
  serializeRevocationList,
  certifySigningKey,
  crc32,
  crockfordEncode,
  encodeRequestCodeV2,
  formatCertificateFile,
  formatCertificationRequestFile,
  formatRevocationListFile,
  generateRootKey,
  generateSigningKey,
  kidForPublicKey,
  makeCertificationRequest,
  parseLicenseFileV2,
  readCertificationRequest,
  readRootPrivateKey,
  requestCodeV2Bytes,
  rootPublicKey,
  serializeCertificatePayload,
  serializeLicensePayloadV2,
  signLicenseV2,
  signRevocationList,
  verifyCertificate,
  verifyLicenseV2,
  verifyRevocationList,
  documentBytes,
  type LicenseAlg,
  type LicensePayloadV2,
  type RootPublicKey,
  type RootSigningKey,
  type SigningKeyCertificate,
} from '@/licensing'
import { formatLicenseFileV2 } from '@/licensing/license-file-v2'
import { readCertificatePayload } from '@/licensing/certificate'
import { signBytes } from '@/licensing/sign'
import { envelopeBytes, parseEnvelope } from '@/licensing/signed-envelope'

export interface VectorKey {
  kid: string
  alg: LicenseAlg
  publicKeyPem: string
  privateKeyPem: string
}

type Write = (rel: string, content: string | Buffer) => void

export const ROOT_PASSPHRASE = 'TEST ONLY root passphrase (public, never use it)'
/** The time the format 2 license checks run at, unless a check says otherwise. */
export const NOW = '2026-09-01T00:00:00.000Z'
const HARDWARE_ID = '00112233445566778899aabbccddeeff'

/** Writes the format 2 vectors; returns the README section that describes them. */
export function generateV2(dir: string, write: Write, warning: string, signingKeys: VectorKey[]): string {
  const read = (rel: string) => readFileSync(join(dir, rel), 'utf8')
  const exists = (rel: string) => existsSync(join(dir, rel))
  const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

  // --- keys ---------------------------------------------------------------------------------
  if (!exists('keys/TEST-ONLY-root-passphrase.txt')) write('keys/TEST-ONLY-root-passphrase.txt', ROOT_PASSPHRASE + '\n')
  const passphrase = read('keys/TEST-ONLY-root-passphrase.txt').replace(/\r?\n$/, '')
  function rootKey(name: string, alg: LicenseAlg): RootSigningKey {
    const file = `keys/TEST-ONLY-root-${name}.key`
    if (!exists(file)) {
      const pair = generateRootKey(alg, passphrase)
      write(file, pair.encryptedPrivateKeyPem)
      write(`keys/TEST-ONLY-root-${name}.public.pem`, pair.publicKeyPem)
    }
    const root = readRootPrivateKey(read(file), passphrase)
    if (read(`keys/TEST-ONLY-root-${name}.public.pem`) !== root.publicKeyPem) throw new Error(`${file}: public key file differs`)
    return root
  }
  const rootEd = rootKey('ed25519', 'ed25519')
  const rootRsa = rootKey('rsa-pss-sha256', 'rsa-pss-sha256')
  const rootUnknown = rootKey('unknown-ed25519', 'ed25519')
  const roots: RootPublicKey[] = [rootPublicKey(rootEd), rootPublicKey(rootRsa)]
  write('keys/test-roots.json', JSON.stringify({ warning, roots }, null, 2) + '\n')
  write('keys/test-roots.pem', rootEd.publicKeyPem + rootRsa.publicKeyPem)

  if (!exists('keys/TEST-ONLY-ed25519-b.private.pem')) {
    const k = generateSigningKey('ed25519', new Date('2026-06-01T00:00:00.000Z'))
    write('keys/TEST-ONLY-ed25519-b.private.pem', k.privateKeyPem)
    write('keys/TEST-ONLY-ed25519-b.public.pem', k.publicKeyPem)
  }
  const bPublic = read('keys/TEST-ONLY-ed25519-b.public.pem')
  const keyA = signingKeys.find((k) => k.alg === 'ed25519')!
  const keyC = signingKeys.find((k) => k.alg === 'rsa-pss-sha256')!
  const keyB: VectorKey = { kid: kidForPublicKey('ed25519', bPublic), alg: 'ed25519', publicKeyPem: bPublic, privateKeyPem: read('keys/TEST-ONLY-ed25519-b.private.pem') }
  const signingKey = (k: VectorKey) => ({ kid: k.kid, alg: k.alg, privateKeyPem: k.privateKeyPem })

  /** Keeps an existing randomized (RSA-signed) file while `stillGood` accepts it. */
  function keepOrMake(rel: string, deterministic: boolean, stillGood: (old: string) => boolean, make: () => string): string {
    if (!deterministic && exists(rel)) {
      const old = read(rel)
      let good = false
      try {
        good = stillGood(old)
      } catch {
        good = false
      }
      if (good) return old
    }
    return make()
  }

  // --- certification requests ------------------------------------------------------------------
  const requestSpecs = [
    { name: 'ed25519-a', key: keyA, createdAt: '2026-01-01T00:00:00.000Z' },
    { name: 'ed25519-b', key: keyB, createdAt: '2026-06-01T00:00:00.000Z' },
    { name: 'rsa-pss-sha256-c', key: keyC, createdAt: '2026-01-01T00:00:00.000Z' },
  ]
  const requests = requestSpecs.map(({ name, key, createdAt }) => {
    const file = `certification-requests/${name}.pem`
    const text = keepOrMake(
      file,
      key.alg === 'ed25519',
      (old) => {
        const r = readCertificationRequest(old).request
        return r.kid === key.kid && r.createdAt === createdAt
      },
      () => formatCertificationRequestFile(makeCertificationRequest(signingKey(key), new Date(createdAt))),
    )
    write(file, text)
    const { request } = readCertificationRequest(text)
    return { name, file, kid: key.kid, alg: key.alg, createdAt, publicKey: request.publicKey, deterministic: key.alg === 'ed25519', sha256: sha256(text) }
  })
  write('certification-requests.json', JSON.stringify({ requests }, null, 2) + '\n')
  const requestText = (name: string) => read(`certification-requests/${name}.pem`)

  // --- certificates --------------------------------------------------------------------------
  /** Signs any payload bytes as a certificate (also invalid ones), with the root's private key. */
  const rawCertificate = (root: RootSigningKey, payload: Buffer) => envelopeBytes(root.alg, root.kid, payload, signBytes(root.alg, payload, root.privateKey))
  const certificateOf = (text: string): SigningKeyCertificate => {
    const read = readCertificatePayload(parseEnvelope(documentBytes(text, 'signing-key'), 'signing-key').payloadBytes)
    if ('problem' in read) throw new Error(read.problem)
    return read.certificate
  }
  const aValidity = { notBefore: '2026-01-01T00:00:00.000Z', notAfter: '2026-12-31T23:59:59.999Z' }
  const aCertificate = certificateOf(formatCertificateFile(certifySigningKey(requestText('ed25519-a'), rootEd, aValidity)))
  const bCertificate = certificateOf(formatCertificateFile(certifySigningKey(requestText('ed25519-b'), rootEd, {})))
  const certificateSpecs: {
    name: string
    root: RootSigningKey
    describe: string
    make: () => Buffer
    expect: { ok: true } | { ok: false; code: string }
    payload: SigningKeyCertificate
  }[] = [
    { name: 'a-by-root-ed25519', root: rootEd, describe: 'key A (Ed25519) by the Ed25519 root, valid 2026-01-01 to 2026-12-31', make: () => certifySigningKey(requestText('ed25519-a'), rootEd, aValidity), expect: { ok: true }, payload: aCertificate },
    { name: 'b-by-root-ed25519', root: rootEd, describe: 'key B (Ed25519) by the Ed25519 root, valid from 2026-06-01 (its request) with no end', make: () => certifySigningKey(requestText('ed25519-b'), rootEd, {}), expect: { ok: true }, payload: bCertificate },
    {
      name: 'c-by-root-rsa-pss-sha256',
      root: rootRsa,
      describe: 'key C (RSA) by the RSA root, valid from 2026-01-01 with no end',
      make: () => certifySigningKey(requestText('rsa-pss-sha256-c'), rootRsa, {}),
      expect: { ok: true },
      payload: {
        v: 1,
        type: 'signing-key',
        kid: keyC.kid,
        alg: 'rsa-pss-sha256',
        publicKey: readCertificationRequest(requestText('rsa-pss-sha256-c')).request.publicKey,
        notBefore: '2026-01-01T00:00:00.000Z',
        notAfter: null,
      },
    },
    { name: 'a-by-unknown-root', root: rootUnknown, describe: 'key A by a root the controllers do not know', make: () => certifySigningKey(requestText('ed25519-a'), rootUnknown, aValidity), expect: { ok: false, code: 'unknown-root' }, payload: aCertificate },
    {
      name: 'kid-mismatch',
      root: rootEd,
      describe: 'signed by the Ed25519 root, but it names key B\'s kid with key A\'s public key',
      make: () => rawCertificate(rootEd, serializeCertificatePayload({ ...aCertificate, kid: keyB.kid })),
      expect: { ok: false, code: 'kid' },
      payload: { ...aCertificate, kid: keyB.kid },
    },
    {
      name: 'a-tampered-validity',
      root: rootEd,
      describe: 'certificate of key A with notAfter changed to null after signing',
      make: () => {
        const env = JSON.parse(certifySigningKey(requestText('ed25519-a'), rootEd, aValidity).toString('utf8'))
        env.enc = serializeCertificatePayload({ ...aCertificate, notAfter: null }).toString('base64')
        return Buffer.from(JSON.stringify(env))
      },
      expect: { ok: false, code: 'signature' },
      payload: { ...aCertificate, notAfter: null },
    },
  ]
  const certificates = certificateSpecs.map((spec) => {
    const file = `certificates/${spec.name}.pem`
    const deterministic = spec.root.alg === 'ed25519'
    const text = keepOrMake(
      file,
      deterministic,
      (old) => {
        const r = verifyCertificate(old, roots)
        return r.ok && serializeCertificatePayload(r.certificate).equals(serializeCertificatePayload(spec.payload))
      },
      () => formatCertificateFile(spec.make()),
    )
    write(file, text)
    const payloadFile = `certificates/${spec.name}.payload.json`
    write(payloadFile, serializeCertificatePayload(spec.payload))
    return { name: spec.name, file, payloadFile, describe: spec.describe, rootKid: spec.root.kid, rootAlg: spec.root.alg, deterministic, payload: spec.payload, expect: spec.expect }
  })
  write('certificates.json', JSON.stringify({ certificates }, null, 2) + '\n')
  const certificateBase64 = (name: string) => documentBytes(read(`certificates/${name}.pem`), 'signing-key').toString('base64')

  // --- revocation lists ----------------------------------------------------------------------
  const listSpecs = [
    { name: 'crl-1', root: rootEd, number: 1, issuedAt: '2026-07-01T00:00:00.000Z', revoked: [keyA.kid], describe: 'list 1: key A revoked', expect: { ok: true } },
    { name: 'crl-2', root: rootEd, number: 2, issuedAt: '2026-08-01T00:00:00.000Z', revoked: [keyA.kid, 'rsapss-0123456789abcdef'], describe: 'list 2: key A and a fictitious RSA key revoked', expect: { ok: true } },
    { name: 'crl-unknown-root', root: rootUnknown, number: 3, issuedAt: '2026-08-15T00:00:00.000Z', revoked: [keyB.kid], describe: 'a list by an unknown root that tries to revoke key B', expect: { ok: false, code: 'unknown-root' } },
  ]
  const revocationLists = listSpecs.map((spec) => {
    const file = `revocation-lists/${spec.name}.pem`
    const bytes = signRevocationList(spec.root, { number: spec.number, issuedAt: spec.issuedAt, revoked: spec.revoked })
    write(file, formatRevocationListFile(bytes))
    const payload = buildRevocationList(spec)
    const payloadFile = `revocation-lists/${spec.name}.payload.json`
    write(payloadFile, serializeRevocationList(payload))
    return { name: spec.name, file, payloadFile, describe: spec.describe, rootKid: spec.root.kid, payload, expect: spec.expect }
  })
  write('revocation-lists.json', JSON.stringify({ revocationLists }, null, 2) + '\n')
  const listBase64 = (name: string) => documentBytes(read(`revocation-lists/${name}.pem`), 'revocations').toString('base64')
  const list = (name: string) => revocationLists.find((l) => l.name === name)!.payload

  // --- format 2 licenses ---------------------------------------------------------------------
  const base = { serial: '123456', modelId: 42, hardwareId: HARDWARE_ID }
  type Check = { held: string | null; now?: string; hardwareId?: string; expect: Record<string, unknown> }
  const ok = (activeOptions: string[], revocationNumber: number | null, revocationListUpdated: boolean) => ({ ok: true, activeOptions, revocationNumber, revocationListUpdated })
  const no = (code: string, revocationNumber: number | null = null, revocationListUpdated = false) => ({ ok: false, code, revocationNumber, revocationListUpdated })
  /** How a vector is made: signLicenseV2, or signed by hand and then changed (what an attacker or a bug could produce). */
  type Making = { sign: true } | { sign: false; change?: (envelope: Record<string, unknown>) => void }
  const specs: {
    name: string
    describe: string
    key: VectorKey
    certificate: string
    crl: string | null
    payload: LicensePayloadV2
    making: Making
    checks: Check[]
  }[] = [
    {
      name: 'ed25519-permanent',
      describe: 'key A, two permanent options, no revocation list published yet',
      key: keyA,
      certificate: 'a-by-root-ed25519',
      crl: null,
      payload: buildLicensePayloadV2({ ...base, licenseId: 'TEST-2-0001', options: ['MODBUS', 'CANOPEN'], maintenanceUntil: null, sequence: 1, issuedAt: '2026-03-01T10:00:00.000Z' }),
      making: { sign: true },
      checks: [
        { held: null, expect: ok(['CANOPEN', 'MODBUS'], null, false) },
        { held: 'crl-1', expect: no('revoked', 1, false) },
      ],
    },
    {
      name: 'ed25519-dated',
      describe: 'key A, a dated option (active at NOW, not after its end) and a permanent one, maintenance until 2027-02-28',
      key: keyA,
      certificate: 'a-by-root-ed25519',
      crl: null,
      payload: buildLicensePayloadV2({
        ...base,
        licenseId: 'TEST-2-0002',
        options: [{ code: 'BACNET', until: '2026-12-31T23:59:59.999Z' }, 'CANOPEN'],
        maintenanceUntil: '2027-02-28T23:59:59.999Z',
        sequence: 2,
        issuedAt: '2026-03-01T10:00:00.000Z',
      }),
      making: { sign: true },
      checks: [
        { held: null, expect: ok(['BACNET', 'CANOPEN'], null, false) },
        { held: null, now: '2026-12-31T23:59:59.999Z', expect: ok(['BACNET', 'CANOPEN'], null, false) },
        { held: null, now: '2027-01-01T00:00:00.000Z', expect: ok(['CANOPEN'], null, false) },
      ],
    },
    {
      name: 'ed25519-expired-option',
      describe: 'key A, a trial option whose end date has passed at NOW and a permanent one',
      key: keyA,
      certificate: 'a-by-root-ed25519',
      crl: null,
      payload: buildLicensePayloadV2({
        ...base,
        licenseId: 'TEST-2-0003',
        options: ['CANOPEN', { code: 'TRIAL-5AXIS', until: '2026-06-30T23:59:59.999Z' }],
        maintenanceUntil: null,
        sequence: 3,
        issuedAt: '2026-03-01T10:00:00.000Z',
      }),
      making: { sign: true },
      checks: [
        { held: null, expect: ok(['CANOPEN'], null, false) },
        { held: null, now: '2026-06-01T00:00:00.000Z', expect: ok(['CANOPEN', 'TRIAL-5AXIS'], null, false) },
      ],
    },
    {
      name: 'ed25519-rotated',
      describe: 'key B after the rotation, carrying list 1 (which revokes key A)',
      key: keyB,
      certificate: 'b-by-root-ed25519',
      crl: 'crl-1',
      payload: buildLicensePayloadV2({ ...base, licenseId: 'TEST-2-0004', options: ['CANOPEN', 'MODBUS'], maintenanceUntil: null, sequence: 4, issuedAt: '2026-08-10T00:00:00.000Z' }),
      making: { sign: true },
      checks: [
        { held: null, expect: ok(['CANOPEN', 'MODBUS'], 1, true) },
        { held: 'crl-1', expect: ok(['CANOPEN', 'MODBUS'], 1, false) },
        { held: 'crl-2', expect: ok(['CANOPEN', 'MODBUS'], 2, false) },
      ],
    },
    {
      name: 'ed25519-crl-2',
      describe: 'key B carrying list 2',
      key: keyB,
      certificate: 'b-by-root-ed25519',
      crl: 'crl-2',
      payload: buildLicensePayloadV2({ ...base, licenseId: 'TEST-2-0005', options: ['CANOPEN'], maintenanceUntil: null, sequence: 5, issuedAt: '2026-08-20T00:00:00.000Z' }),
      making: { sign: true },
      checks: [
        { held: null, expect: ok(['CANOPEN'], 2, true) },
        { held: 'crl-1', expect: ok(['CANOPEN'], 2, true) },
        { held: 'crl-2', expect: ok(['CANOPEN'], 2, false) },
      ],
    },
    {
      name: 'ed25519-expiring',
      describe: 'key B, the whole license expires 2027-08-10 (expiresAt, as in format 1)',
      key: keyB,
      certificate: 'b-by-root-ed25519',
      crl: 'crl-1',
      payload: buildLicensePayloadV2({ ...base, licenseId: 'TEST-2-0006', options: ['MODBUS'], maintenanceUntil: null, sequence: 6, issuedAt: '2026-08-10T00:00:00.000Z', expiresAt: '2027-08-10T00:00:00.000Z' }),
      making: { sign: true },
      checks: [
        { held: null, expect: ok(['MODBUS'], 1, true) },
        { held: null, now: '2027-08-10T00:00:00.001Z', expect: no('expired', 1, true) },
        { held: null, hardwareId: 'ffffffffffffffffffffffffffffffff', expect: no('hardware-id', 1, true) },
      ],
    },
    {
      name: 'ed25519-revoked',
      describe: 'key A after its revocation, carrying list 1 (signLicenseV2 refuses this; made by hand)',
      key: keyA,
      certificate: 'a-by-root-ed25519',
      crl: 'crl-1',
      payload: buildLicensePayloadV2({ ...base, licenseId: 'TEST-2-0007', options: ['CANOPEN'], maintenanceUntil: null, sequence: 7, issuedAt: '2026-08-15T00:00:00.000Z' }),
      making: { sign: false },
      checks: [
        { held: null, expect: no('revoked', 1, true) },
        { held: 'crl-2', expect: no('revoked', 2, false) },
      ],
    },
    {
      name: 'ed25519-revoked-no-crl',
      describe: 'key A after its revocation, carrying no list: valid only for a controller that never learnt of list 1',
      key: keyA,
      certificate: 'a-by-root-ed25519',
      crl: null,
      payload: buildLicensePayloadV2({ ...base, licenseId: 'TEST-2-0008', options: ['CANOPEN', 'MODBUS'], maintenanceUntil: null, sequence: 8, issuedAt: '2026-08-20T00:00:00.000Z' }),
      making: { sign: true },
      checks: [
        { held: null, expect: ok(['CANOPEN', 'MODBUS'], null, false) },
        { held: 'crl-1', expect: no('revoked', 1, false) },
        { held: 'crl-2', expect: no('revoked', 2, false) },
      ],
    },
    {
      name: 'ed25519-issued-after-certificate',
      describe: 'key A, issuedAt 2027-01-15, after its certificate ends (made by hand)',
      key: keyA,
      certificate: 'a-by-root-ed25519',
      crl: null,
      payload: buildLicensePayloadV2({ ...base, licenseId: 'TEST-2-0009', options: ['CANOPEN'], maintenanceUntil: null, sequence: 9, issuedAt: '2027-01-15T09:30:00.000Z' }),
      making: { sign: false },
      checks: [{ held: null, expect: no('certificate-validity') }],
    },
    {
      name: 'ed25519-issued-before-certificate',
      describe: 'key B, issuedAt 2026-05-01, before its certificate starts (made by hand)',
      key: keyB,
      certificate: 'b-by-root-ed25519',
      crl: null,
      payload: buildLicensePayloadV2({ ...base, licenseId: 'TEST-2-0010', options: ['CANOPEN'], maintenanceUntil: null, sequence: 10, issuedAt: '2026-05-01T00:00:00.000Z' }),
      making: { sign: false },
      checks: [{ held: null, expect: no('certificate-validity') }],
    },
    {
      name: 'ed25519-unknown-root',
      describe: 'key A with a certificate from a root the controllers do not know',
      key: keyA,
      certificate: 'a-by-unknown-root',
      crl: null,
      payload: buildLicensePayloadV2({ ...base, licenseId: 'TEST-2-0011', options: ['CANOPEN'], maintenanceUntil: null, sequence: 11, issuedAt: '2026-03-01T10:00:00.000Z' }),
      making: { sign: true },
      checks: [{ held: null, expect: no('unknown-root') }],
    },
    {
      name: 'ed25519-kid-mismatch-certificate',
      describe: 'key A with the certificate that names key B\'s kid for key A\'s public key (made by hand)',
      key: keyA,
      certificate: 'kid-mismatch',
      crl: null,
      payload: buildLicensePayloadV2({ ...base, licenseId: 'TEST-2-0012', options: ['CANOPEN'], maintenanceUntil: null, sequence: 12, issuedAt: '2026-03-01T10:00:00.000Z' }),
      making: { sign: false },
      checks: [{ held: null, expect: no('certificate') }],
    },
    {
      name: 'ed25519-tampered-certificate',
      describe: 'key A, issued after its certificate ended, carrying the certificate with its end removed (made by hand)',
      key: keyA,
      certificate: 'a-tampered-validity',
      crl: null,
      payload: buildLicensePayloadV2({ ...base, licenseId: 'TEST-2-0013', options: ['CANOPEN'], maintenanceUntil: null, sequence: 13, issuedAt: '2027-01-15T09:30:00.000Z' }),
      making: { sign: false },
      checks: [{ held: null, expect: no('certificate-signature') }],
    },
    {
      name: 'ed25519-key-mismatch',
      describe: 'signed by key A but carrying key B\'s certificate (made by hand)',
      key: keyA,
      certificate: 'b-by-root-ed25519',
      crl: null,
      payload: buildLicensePayloadV2({ ...base, licenseId: 'TEST-2-0014', options: ['CANOPEN'], maintenanceUntil: null, sequence: 14, issuedAt: '2026-08-10T00:00:00.000Z' }),
      making: { sign: false },
      checks: [{ held: null, expect: no('key-mismatch') }],
    },
    {
      name: 'ed25519-tampered-payload',
      describe: 'key A, an option (PROFINET) added to the payload after signing (made by hand)',
      key: keyA,
      certificate: 'a-by-root-ed25519',
      crl: null,
      payload: buildLicensePayloadV2({ ...base, licenseId: 'TEST-2-0015', options: ['CANOPEN'], maintenanceUntil: null, sequence: 15, issuedAt: '2026-03-01T10:00:00.000Z' }),
      making: {
        sign: false,
        change: (e) => {
          const p = JSON.parse(Buffer.from(String(e.enc), 'base64').toString('utf8'))
          p.options.push({ code: 'PROFINET', until: null })
          e.enc = Buffer.from(JSON.stringify(p)).toString('base64')
        },
      },
      checks: [{ held: null, expect: no('signature') }],
    },
    {
      name: 'ed25519-crl-unknown-root',
      describe: 'key B carrying a revocation list from an unknown root (made by hand)',
      key: keyB,
      certificate: 'b-by-root-ed25519',
      crl: 'crl-unknown-root',
      payload: buildLicensePayloadV2({ ...base, licenseId: 'TEST-2-0016', options: ['CANOPEN'], maintenanceUntil: null, sequence: 16, issuedAt: '2026-08-20T00:00:00.000Z' }),
      making: { sign: false },
      checks: [{ held: null, expect: no('revocation-list') }],
    },
    {
      name: 'rsa-pss-sha256-permanent',
      describe: 'key C (RSA) certified by the RSA root, carrying list 1 (signed by the Ed25519 root)',
      key: keyC,
      certificate: 'c-by-root-rsa-pss-sha256',
      crl: 'crl-1',
      payload: buildLicensePayloadV2({ ...base, licenseId: 'TEST-2-0017', options: ['CANOPEN'], maintenanceUntil: null, sequence: 17, issuedAt: '2026-08-10T00:00:00.000Z' }),
      making: { sign: true },
      checks: [
        { held: null, expect: ok(['CANOPEN'], 1, true) },
        { held: 'crl-2', expect: ok(['CANOPEN'], 2, false) },
      ],
    },
    {
      name: 'rsa-pss-sha256-dated',
      describe: 'key C (RSA), one option active at NOW, one whose end has passed; carrying list 2',
      key: keyC,
      certificate: 'c-by-root-rsa-pss-sha256',
      crl: 'crl-2',
      payload: buildLicensePayloadV2({
        ...base,
        licenseId: 'TEST-2-0018',
        options: [{ code: 'BACNET', until: '2027-06-30T23:59:59.999Z' }, { code: 'MODBUS', until: '2026-08-31T23:59:59.999Z' }],
        maintenanceUntil: '2027-06-30T23:59:59.999Z',
        sequence: 18,
        issuedAt: '2026-08-10T00:00:00.000Z',
      }),
      making: { sign: true },
      checks: [{ held: 'crl-1', expect: ok(['BACNET'], 2, true) }],
    },
  ]

  const licenses = specs.map((spec) => {
    const file = `licenses-v2/${spec.name}.lic`
    const payloadFile = `licenses-v2/${spec.name}.payload.json`
    const bytes = serializeLicensePayloadV2(spec.payload)
    const crt = certificateBase64(spec.certificate)
    const crl = spec.crl === null ? null : listBase64(spec.crl)
    const deterministic = spec.key.alg === 'ed25519'
    const make = (): string => {
      if (spec.making.sign) return signLicenseV2(spec.payload, signingKey(spec.key), { certificate: crt, revocationList: crl }).text
      const signature = signBytes(spec.key.alg, bytes, createPrivateKey(spec.key.privateKeyPem))
      const envelope: Record<string, unknown> = { alg: spec.key.alg, kid: spec.key.kid, enc: bytes.toString('base64'), sig: signature.toString('base64'), crt, crl }
      spec.making.change?.(envelope)
      return formatLicenseFileV2({ alg: spec.key.alg, kid: spec.key.kid, enc: String(envelope.enc), sig: String(envelope.sig), crt, crl })
    }
    const text = keepOrMake(
      file,
      deterministic,
      (old) => {
        const parsed = parseLicenseFileV2(old)
        const result = verifyLicenseV2(old, roots, null, { now: new Date(spec.payload.issuedAt) })
        return result.ok && parsed.payloadBytes.equals(bytes) && parsed.envelope.crt === crt && parsed.envelope.crl === crl
      },
      make,
    )
    write(file, text)
    // What the file holds (for the tampered vector: the changed payload, not the signed one).
    const inFile = parseLicenseFileV2(text)
    write(payloadFile, inFile.payloadBytes)
    // The index records what the committed file must give; check it here too, so that a vector
    // never says something the library does not do.
    for (const check of spec.checks) {
      const held = check.held === null ? null : list(check.held)
      const r = verifyLicenseV2(text, roots, held, { now: new Date(check.now ?? NOW), hardwareId: check.hardwareId ?? HARDWARE_ID })
      const got = r.ok
        ? { ok: true, activeOptions: r.activeOptions, revocationNumber: r.revocationList?.number ?? null, revocationListUpdated: r.revocationListUpdated }
        : { ok: false, code: r.code, revocationNumber: r.revocationList?.number ?? null, revocationListUpdated: r.revocationListUpdated }
      if (JSON.stringify(got) !== JSON.stringify(check.expect)) throw new Error(`${file}: expected ${JSON.stringify(check.expect)}, got ${JSON.stringify(got)}${r.ok ? '' : ` (${r.reason})`}`)
    }
    return {
      name: spec.name,
      file,
      payloadFile,
      describe: spec.describe,
      alg: spec.key.alg,
      kid: spec.key.kid,
      certificate: `certificates/${spec.certificate}.pem`,
      revocationList: spec.crl === null ? null : `revocation-lists/${spec.crl}.pem`,
      sha256: sha256(text),
      deterministic,
      payload: inFile.payload,
      checks: spec.checks.map((c) => ({ held: c.held === null ? null : `revocation-lists/${c.held}.pem`, now: c.now ?? NOW, hardwareId: c.hardwareId ?? HARDWARE_ID, expect: c.expect })),
    }
  })
  write('licenses-v2.json', JSON.stringify({ now: NOW, hardwareId: HARDWARE_ID, roots: 'keys/test-roots.json', licenses }, null, 2) + '\n')

  // Same shape as GET /api/license-keys with format 2 (keys as today, plus roots, certificates
  // and the newest list), plus a warning field that readers ignore.
  const keys = [keyA, keyC, keyB].map((k) => ({
    kid: k.kid,
    alg: k.alg,
    status: k === keyA ? 'retired' : 'active',
    createdAt: k === keyB ? '2026-06-01T00:00:00.000Z' : '2026-01-01T00:00:00.000Z',
    publicKey: k.publicKeyPem,
  }))
  const published = {
    warning,
    keys,
    roots,
    certificates: [
      { kid: keyA.kid, certificate: certificateBase64('a-by-root-ed25519') },
      { kid: keyB.kid, certificate: certificateBase64('b-by-root-ed25519') },
      { kid: keyC.kid, certificate: certificateBase64('c-by-root-rsa-pss-sha256') },
    ],
    revocationList: listBase64('crl-2'),
  }
  write('keys/test-license-keys-v2.json', JSON.stringify(published, null, 2) + '\n')
  for (const c of published.certificates) if (!verifyCertificate(c.certificate, roots).ok) throw new Error(`published certificate ${c.kid} does not verify`)
  if (!verifyRevocationList(published.revocationList, roots).ok) throw new Error('published list does not verify')

  // --- PMX2 request codes ----------------------------------------------------------------------
  const codes = [
    { name: 'typical', modelId: 42, serial: '123456', hardwareId: HARDWARE_ID, sequence: 0, createdAt: '2026-01-01T00:00:00.000Z', revocationNumber: 0, enforcesOptionEndDates: false },
    { name: 'trusted-clock', modelId: 7, serial: '20250001', hardwareId: 'a3f94c0e5b7d21886e0f4d3c2b1a9087', sequence: 3, createdAt: '2026-09-01T08:15:00.000Z', revocationNumber: 2, enforcesOptionEndDates: true },
    { name: 'all-zero', modelId: 0, serial: '0', hardwareId: '00000000000000000000000000000000', sequence: 0, createdAt: '1970-01-01T00:00:00.000Z', revocationNumber: 0, enforcesOptionEndDates: false },
    { name: 'all-max', modelId: 65535, serial: '4294967295', hardwareId: 'ffffffffffffffffffffffffffffffff', sequence: 4294967295, createdAt: '2106-02-07T06:28:15.000Z', revocationNumber: 4294967295, enforcesOptionEndDates: true },
  ].map(({ name, ...fields }) => {
    const rc = { ...fields, createdAt: new Date(fields.createdAt) }
    return { name, fields, hex: Buffer.from(requestCodeV2Bytes(rc)).toString('hex'), text: encodeRequestCodeV2(rc) }
  })
  write('request-codes-v2.json', JSON.stringify({ codes }, null, 2) + '\n')

  const group = (prefix: string, body: string) => prefix + (body.match(/.{1,4}/g) ?? []).join('-')
  const valid = codes[0].text
  const body = valid.slice(5).replace(/-/g, '')
  /** The typical code's 40 bytes with byte `index` set to `value` and the CRC made valid again. */
  const withByte = (index: number, value: number) => {
    const bytes = requestCodeV2Bytes({ ...codes[0].fields, createdAt: new Date(codes[0].fields.createdAt) })
    bytes[index] = value
    new DataView(bytes.buffer).setUint32(36, crc32(bytes.subarray(0, 36)))
    return group('PMX2-', crockfordEncode(bytes))
  }
  const typo = body.slice(0, 20) + (body[20] === 'X' ? 'Y' : 'X') + body.slice(21)
  const v1Typical = 'PMX1-0402-M001-W900-0492-6D25-ASKQ-H2CT-NEYC-VQQF-Y000-0006-JNDS-0159-HQH9'
  const invalid = [
    { name: 'empty', text: '', reason: 'empty' },
    { name: 'only separators', text: ' - \n\t ', reason: 'empty' },
    { name: 'wrong prefix', text: 'ABC2-' + valid.slice(5), reason: 'prefix' },
    { name: 'prefix missing', text: valid.slice(5), reason: 'prefix' },
    { name: 'newer prefix', text: 'PMX3-' + valid.slice(5), reason: 'version' },
    { name: 'letter U', text: group('PMX2-', body.slice(0, 9) + 'U' + body.slice(10)), reason: 'character' },
    { name: 'one character missing', text: group('PMX2-', body.slice(0, 63)), reason: 'length' },
    { name: 'one character extra', text: group('PMX2-', body + '0'), reason: 'length' },
    { name: 'typo', text: group('PMX2-', typo), reason: 'checksum' },
    { name: 'version byte 3', text: withByte(0, 3), reason: 'version' },
    { name: 'version byte 1', text: withByte(0, 1), reason: 'version' },
    { name: 'reserved flag bit 1', text: withByte(35, 0x02), reason: 'version' },
    { name: 'reserved flag bit 7 with bit 0', text: withByte(35, 0x81), reason: 'version' },
    { name: 'PMX1 body after PMX2 prefix', text: 'PMX2-' + v1Typical.slice(5), reason: 'length', readReason: 'version' },
  ]
  write('invalid-request-codes-v2.json', JSON.stringify({ codes: invalid }, null, 2) + '\n')

  const expectText = (e: Record<string, unknown>) =>
    e.ok
      ? `ok, active ${(e.activeOptions as string[]).join(', ') || '(none)'}${e.revocationNumber === null ? '' : `, list ${e.revocationNumber}${e.revocationListUpdated ? ' (adopted)' : ''}`}`
      : `\`${e.code}\`${e.revocationListUpdated ? ` (list ${e.revocationNumber} adopted)` : ''}`
  const heldText = (c: { held: string | null; now: string; hardwareId: string }) =>
    [c.held === null ? 'no list held' : `holding ${c.held.replace(/^revocation-lists\/|\.pem$/g, '')}`, c.now === NOW ? '' : `at ${c.now}`, c.hardwareId === HARDWARE_ID ? '' : `hardware id ${c.hardwareId}`]
      .filter(Boolean)
      .join(', ')
  return `
## Format 2

Root keys are encrypted PKCS#8 PEM (\`keys/TEST-ONLY-root-<name>.key\`); their passphrase is in
\`keys/TEST-ONLY-root-passphrase.txt\` (public, TEST ONLY). \`openssl pkey -in <key> -passin file:<that file>\`
reads them.

- \`keys/TEST-ONLY-root-ed25519.*\`, \`keys/TEST-ONLY-root-rsa-pss-sha256.*\`: the two roots the test
  controllers know (\`keys/test-roots.json\` as GET /api/license-keys \`roots\`, \`keys/test-roots.pem\`
  as PEM blocks). \`keys/TEST-ONLY-root-unknown-ed25519.*\`: a root they do not know.
- Signing keys: A = \`keys/TEST-ONLY-ed25519.*\` and C = \`keys/TEST-ONLY-rsa-pss-sha256.*\` (the format 1
  keys), B = \`keys/TEST-ONLY-ed25519-b.*\` (the key after a rotation).
- \`keys/test-license-keys-v2.json\`: GET /api/license-keys with format 2 members (keys, roots,
  certificates, revocationList = list 2).
- \`request-codes-v2.json\`: PMX2 codes: fields, the 40 bytes in hex, the text form
  (${codes.map((c) => c.name).join(', ')}).
- \`invalid-request-codes-v2.json\`: texts \`decodeRequestCodeV2\` refuses, with the reason (\`readReason\`
  when \`readRequestCode\` gives another): ${invalid.map((c) => c.name).join('; ')}.
- \`certification-requests.json\` / \`certification-requests/\`: the requests of keys A, B and C
  (made by each key itself).
- \`certificates.json\` / \`certificates/\` (\`expect\` = what verifyCertificate gives with the two known roots):
${certificates.map((c) => `  - \`${c.name}\`: ${c.describe} → ${c.expect.ok ? 'ok' : `\`${c.expect.code}\``}`).join('\n')}
- \`revocation-lists.json\` / \`revocation-lists/\`:
${revocationLists.map((l) => `  - \`${l.name}\`: ${l.describe} → ${l.expect.ok ? 'ok' : `\`${l.expect.code}\``}`).join('\n')}
- \`licenses-v2.json\` / \`licenses-v2/\`: format 2 licenses for hardware id ${HARDWARE_ID}, checked at
  ${NOW} unless a check says otherwise; each check gives the revocation list the controller holds
  and the expected result (\`revocationNumber\` = number of the list held afterwards,
  \`revocationListUpdated\` = whether the license's list replaced the held one). \`*.payload.json\` are
  the exact signed payload bytes. "Made by hand" vectors are signed with the private key directly
  (signLicenseV2 refuses them) or changed after signing.
${licenses.map((l) => `  - \`${l.name}\`: ${l.describe}. ${l.checks.map((c) => `${heldText(c)}: ${expectText(c.expect)}`).join('; ')}.`).join('\n')}
`
}
