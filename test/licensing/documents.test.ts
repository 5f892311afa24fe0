import { describe, expect, it } from '@jest/globals'
import { spawnSync } from 'node:child_process'
import { createHash, createPrivateKey } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  certifySigningKey,
  documentBytes,
  formatCertificateFile,
  formatCertificationRequestFile,
  formatRevocationListFile,
  generateRootKey,
  generateSigningKey,
  kidForPublicKey,
  makeCertificationRequest,
  readCertificationRequest,
  readRootPrivateKey,
  RootKeyError,
  rootPublicKey,
  serializeCertificatePayload,
  serializeRevocationList,
  SignedDocumentError,
  signRevocationList,
  verifyCertificate,
  verifyCertificateWithForge,
  verifyRevocationList,
  verifyRevocationListWithForge,
  type CertificateResult,
  type RevocationListResult,
  type RootPublicKey,
  type SigningKeyCertificate,
} from '@/licensing'
import { signBytes } from '@/licensing/sign'
import { envelopeBytes } from '@/licensing/signed-envelope'
import {
  certificateVectors,
  certificationRequestVectors,
  OPENSSL,
  readVector,
  revocationListVectors,
  rootPassphrase,
  runOpensslV2,
  testRootKey,
  testRoots,
  testSigningKey,
  testSigningKeyB,
  VECTORS,
} from './helpers'

const roots = testRoots()
const rootEd = testRootKey('ed25519')
const certificateCheckers = [
  ['node:crypto', verifyCertificate],
  ['node-forge', verifyCertificateWithForge],
] as const
const listCheckers = [
  ['node:crypto', verifyRevocationList],
  ['node-forge', verifyRevocationListWithForge],
] as const

function refused(result: CertificateResult | RevocationListResult): { code: string; reason: string } {
  if (result.ok) throw new Error('accepted')
  return result
}

function documentError(fn: () => unknown): SignedDocumentError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(SignedDocumentError)
    return err as SignedDocumentError
  }
  throw new Error('accepted')
}

/** An envelope of the given payload signed by `root` (any payload, also invalid ones). */
function signedBy(root: typeof rootEd, payload: Buffer): Buffer {
  return envelopeBytes(root.alg, root.kid, payload, signBytes(root.alg, payload, root.privateKey))
}

describe('TEST ONLY root keys', () => {
  it('are encrypted, readable with the published passphrase, and listed with derived kids', () => {
    for (const name of ['ed25519', 'rsa-pss-sha256', 'unknown-ed25519'] as const) {
      const pem = readVector(`keys/TEST-ONLY-root-${name}.key`)
      expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/)
      const root = testRootKey(name)
      expect(root.publicKeyPem).toBe(readVector(`keys/TEST-ONLY-root-${name}.public.pem`))
      expect(kidForPublicKey(root.alg, root.publicKeyPem)).toBe(root.kid)
    }
    expect(roots.map((r) => r.kid)).toEqual([testRootKey('ed25519').kid, testRootKey('rsa-pss-sha256').kid])
    expect(readVector('keys/test-roots.pem')).toBe(roots.map((r) => r.publicKey).join(''))
    expect(JSON.parse(readVector('keys/test-roots.json')).warning).toMatch(/^TEST ONLY/)
  })
  it('openssl reads them with the passphrase (documented commands)', () => {
    for (const name of ['ed25519', 'rsa-pss-sha256']) {
      const file = join(VECTORS, `keys/TEST-ONLY-root-${name}.key`)
      const out = spawnSync(OPENSSL, ['pkey', '-in', file, '-passin', 'env:PUMOTIX_ROOT_PASSPHRASE', '-pubout'], {
        encoding: 'utf8',
        env: { ...process.env, PUMOTIX_ROOT_PASSPHRASE: rootPassphrase() },
      })
      expect(out.status).toBe(0)
      expect(out.stdout).toBe(readVector(`keys/TEST-ONLY-root-${name}.public.pem`))
      const bad = spawnSync(OPENSSL, ['pkey', '-in', file, '-passin', 'pass:wrong', '-noout'], { encoding: 'utf8' })
      expect(bad.status).not.toBe(0)
    }
  })
})

describe('generateRootKey / readRootPrivateKey', () => {
  const passphrase = 'a passphrase long enough'
  const pair = generateRootKey('ed25519', passphrase)

  it('write encrypted PKCS#8 that reads back to the same key', () => {
    expect(pair.encryptedPrivateKeyPem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/)
    expect(pair.encryptedPrivateKeyPem).not.toContain('BEGIN PRIVATE KEY')
    const root = readRootPrivateKey(pair.encryptedPrivateKeyPem, passphrase)
    expect(root.kid).toBe(pair.kid)
    expect(root.alg).toBe('ed25519')
    expect(root.publicKeyPem).toBe(pair.publicKeyPem)
    expect(rootPublicKey(root)).toEqual({ kid: pair.kid, alg: 'ed25519', publicKey: pair.publicKeyPem })
  })
  it('make RSA 3072 roots for rsa-pss-sha256', () => {
    const rsa = generateRootKey('rsa-pss-sha256', passphrase)
    expect(rsa.kid).toMatch(/^rsapss-[0-9a-f]{16}$/)
    expect(readRootPrivateKey(rsa.encryptedPrivateKeyPem, passphrase).privateKey.asymmetricKeyDetails?.modulusLength).toBe(3072)
  })
  it('refuse a short passphrase for a new key, and any empty one', () => {
    expect(() => generateRootKey('ed25519', 'short')).toThrow('The passphrase for a new root key must have at least 12 characters.')
    expect(() => generateRootKey('ed25519', '')).toThrow('The passphrase for the root key is missing or empty.')
    expect(() => readRootPrivateKey(pair.encryptedPrivateKeyPem, '')).toThrow(RootKeyError)
  })
  it('refuse a wrong passphrase, an unencrypted key and other text, without echoing secrets', () => {
    for (const [pem, pass, message] of [
      [pair.encryptedPrivateKeyPem, 'wrong passphrase', 'The root key could not be decrypted: the passphrase is wrong or the file is damaged.'],
      [testSigningKey('ed25519').privateKeyPem, passphrase, 'The root key file is not encrypted. Root keys are kept as encrypted PKCS#8 (-----BEGIN ENCRYPTED PRIVATE KEY-----).'],
      ['hello', passphrase, 'This is not a root key file: the line -----BEGIN ENCRYPTED PRIVATE KEY----- is missing.'],
    ]) {
      try {
        readRootPrivateKey(pem, pass)
        throw new Error('read')
      } catch (err) {
        expect(err).toBeInstanceOf(RootKeyError)
        expect((err as Error).message).toBe(message)
        expect((err as Error).message).not.toContain(pass)
      }
    }
  })
  it('read a key re-encrypted with more PBKDF2 iterations (documented openssl pkcs8 command)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pmx-root-'))
    try {
      writeFileSync(join(dir, 'root.key'), pair.encryptedPrivateKeyPem)
      const env = { ...process.env, PUMOTIX_ROOT_PASSPHRASE: passphrase }
      const run = spawnSync(
        OPENSSL,
        ['pkcs8', '-topk8', '-v2', 'aes-256-cbc', '-v2prf', 'hmacWithSHA256', '-iter', '600000', '-in', 'root.key', '-passin', 'env:PUMOTIX_ROOT_PASSPHRASE', '-out', 'root-strong.key', '-passout', 'env:PUMOTIX_ROOT_PASSPHRASE'],
        { cwd: dir, encoding: 'utf8', env },
      )
      expect(run.stderr).toBe('')
      const strong = readFileSync(join(dir, 'root-strong.key'), 'utf8')
      expect(strong).not.toBe(pair.encryptedPrivateKeyPem)
      expect(readRootPrivateKey(strong, passphrase).kid).toBe(pair.kid)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('certification request vectors', () => {
  it.each(certificationRequestVectors().map((v) => [v.name, v] as const))('%s is made by its key, reads back and verifies with openssl', (_name, v) => {
    const text = readVector(v.file)
    expect(createHash('sha256').update(text).digest('hex')).toBe(v.sha256)
    const { request, bytes } = readCertificationRequest(text)
    expect(request).toEqual({ v: 1, type: 'certification-request', kid: v.kid, alg: v.alg, publicKey: v.publicKey, createdAt: v.createdAt })
    expect(formatCertificationRequestFile(bytes)).toBe(text)
    expect(readCertificationRequest(bytes.toString('base64')).request).toEqual(request)
    expect(readCertificationRequest(bytes).request).toEqual(request)
    const key = v.kid === testSigningKeyB().kid ? testSigningKeyB() : testSigningKey(v.alg)
    // openssl, with the documented commands and the request's own key as the signer.
    const run = runOpensslV2('document', { 'document.pem': text }, [{ kid: v.kid, alg: v.alg, publicKey: key.publicKeyPem }])
    expect(run.output).toMatch(v.alg === 'ed25519' ? /Signature Verified Successfully/ : /Verified OK/)
    expect(run.ok).toBe(true)
    if (v.deterministic) {
      expect(formatCertificationRequestFile(makeCertificationRequest(key, new Date(v.createdAt)))).toBe(text)
    }
  })
})

describe('readCertificationRequest refuses', () => {
  const key = generateSigningKey('ed25519')
  const bytes = makeCertificationRequest(key, new Date('2026-06-01T00:00:00Z'))
  const env = JSON.parse(bytes.toString('utf8'))
  const payload = JSON.parse(Buffer.from(env.enc, 'base64').toString('utf8'))
  const withPayload = (p: object, sig = env.sig) => Buffer.from(JSON.stringify({ ...env, enc: Buffer.from(JSON.stringify(p)).toString('base64'), sig }))
  const selfSigned = (p: object) => {
    const raw = Buffer.from(JSON.stringify(p))
    return envelopeBytes('ed25519', key.kid, raw, signBytes('ed25519', raw, createPrivateKey(key.privateKeyPem)))
  }
  it.each([
    ['empty text', '', 'format', 'The certification request is empty.'],
    ['text that is no request', 'hello', 'format', 'This is not a PUMOTIX certification request: it has no -----BEGIN PUMOTIX CERTIFICATION REQUEST----- line and is not base64 of one.'],
    ['a certificate', readVector('certificates/a-by-root-ed25519.pem'), 'type', 'This is a signing-key certificate, not a certification request.'],
    ['an armor without its END line', formatCertificationRequestFile(bytes).replace(/-----END[^\n]*\n/, ''), 'format', 'The certification request is incomplete: the line -----END PUMOTIX CERTIFICATION REQUEST----- is missing.'],
    ['damaged base64', formatCertificationRequestFile(bytes).replace(/\n[A-Za-z]/, '\n*'), 'format', 'The certification request is damaged: the text between the BEGIN and END lines is not valid base64.'],
    ['a non-canonical envelope', Buffer.from(JSON.stringify(env, null, 1)), 'format', 'The certification request is not in canonical form (key order or spacing of its JSON differs).'],
    ['an envelope with an extra member', Buffer.from(JSON.stringify({ ...env, x: 1 })), 'format', 'The certification request is damaged: it must contain exactly the fields alg, kid, enc and sig.'],
    ['an unknown algorithm', Buffer.from(JSON.stringify({ ...env, alg: 'hs256' })), 'format', 'The certification request uses the signature algorithm "hs256", which is not supported (ed25519 or rsa-pss-sha256).'],
    ['a revocation list payload', withPayload({ v: 1, type: 'revocations', number: 1, issuedAt: payload.createdAt, revoked: [] }), 'type', 'This is a revocation list, not a certification request.'],
    ['a payload with a missing field', selfSigned({ ...payload, createdAt: undefined }), 'payload', 'The certification request is invalid: The certification request lacks the fields: createdAt.'],
    ['a kid not derived from its key', selfSigned({ ...payload, kid: 'ed25519-0000000000000000' }), 'kid', `The certification request is signed as key ${key.kid} (ed25519) but asks to certify key ed25519-0000000000000000 (ed25519).`],
    ['a request for another key, signed by this one', selfSigned({ ...payload, kid: testSigningKey('ed25519').kid, publicKey: 'MCowBQYDK2VwAyEAxDLt2EnPAZ3AZUz7QMTjQCEIWKZJeMap7JHCtlV6xD0=' }), 'kid', `The certification request is signed as key ${key.kid} (ed25519) but asks to certify key ${testSigningKey('ed25519').kid} (ed25519).`],
    ['a changed createdAt', withPayload({ ...payload, createdAt: '2026-06-02T00:00:00.000Z' }), 'signature', `The certification request's signature is not valid: it was changed after it was made, or it was not made with the private key of ${key.kid}.`],
  ])('%s', (_name, input, code, message) => {
    const err = documentError(() => readCertificationRequest(input))
    expect(err.code).toBe(code)
    expect(err.message).toBe(message)
  })
  it('a request naming another key: the signature is not by that key', () => {
    const other = testSigningKey('ed25519')
    const forged = { ...payload, kid: other.kid, publicKey: 'MCowBQYDK2VwAyEAxDLt2EnPAZ3AZUz7QMTjQCEIWKZJeMap7JHCtlV6xD0=' }
    const raw = Buffer.from(JSON.stringify(forged))
    const env2 = envelopeBytes('ed25519', other.kid, raw, signBytes('ed25519', raw, createPrivateKey(key.privateKeyPem)))
    expect(documentError(() => readCertificationRequest(env2)).code).toBe('signature')
  })
})

describe('certificate vectors', () => {
  describe.each(certificateVectors().map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const text = readVector(v.file)
    it.each(certificateCheckers)('gives the recorded result with %s', (_impl, check) => {
      const r = check(text, roots)
      if (v.expect.ok) {
        expect(r).toEqual({ ok: true, certificate: v.payload, rootKid: v.rootKid, bytes: documentBytes(text, 'signing-key') })
      } else {
        expect(refused(r).code).toBe(v.expect.code)
      }
    })
    it('holds the recorded payload bytes, and openssl checks its signature (documented commands)', () => {
      expect(serializeCertificatePayload(v.payload).toString('utf8')).toBe(readVector(v.payloadFile))
      const all: RootPublicKey[] = [...roots, rootPublicKey(testRootKey('unknown-ed25519'))]
      const run = runOpensslV2('document', { 'document.pem': text }, all)
      expect(run.ok).toBe(v.name !== 'a-tampered-validity')
      if (run.ok) expect(JSON.parse(run.output.slice(run.output.indexOf('{')))).toEqual(v.payload)
    })
    if (v.deterministic && v.expect.ok) {
      it('is reproduced byte for byte by certifying its request again', () => {
        const request = v.name.startsWith('a-') ? 'ed25519-a' : 'ed25519-b'
        const again = certifySigningKey(readVector(`certification-requests/${request}.pem`), rootEd, { notBefore: v.payload.notBefore, notAfter: v.payload.notAfter })
        expect(formatCertificateFile(again)).toBe(text)
      })
    }
  })
  it('explain each refusal in a sentence', () => {
    const byName = (name: string) => readVector(`certificates/${name}.pem`)
    const unknown = refused(verifyCertificate(byName('a-by-unknown-root'), roots))
    expect(unknown.reason).toBe(`The signing-key certificate was signed by root key ${testRootKey('unknown-ed25519').kid}, which is not among the known root keys.`)
    expect(refused(verifyCertificateWithForge(byName('kid-mismatch'), roots)).reason).toBe(
      `The signing-key certificate names key id ${testSigningKeyB().kid}, but the key id of its public key is ${testSigningKey('ed25519').kid}.`,
    )
    expect(refused(verifyCertificate(byName('a-tampered-validity'), roots)).reason).toBe(
      `The signing-key certificate's signature is not valid: it was changed after it was signed, or it was not signed by root key ${rootEd.kid}.`,
    )
  })
})

describe('verifyCertificate refuses bad input (both implementations)', () => {
  const request = readVector('certification-requests/ed25519-b.pem')
  const good = certifySigningKey(request, rootEd, {})
  const payload: SigningKeyCertificate = JSON.parse(Buffer.from(JSON.parse(good.toString()).enc, 'base64').toString())
  const env = JSON.parse(good.toString('utf8'))
  it.each(certificateCheckers)('%s', (_impl, check) => {
    const cases: [string | Buffer, string, string | RegExp][] = [
      ['', 'format', 'The signing-key certificate is empty.'],
      ['{"alg":"ed25519"}', 'format', /^This is not a PUMOTIX signing-key certificate/],
      [readVector('revocation-lists/crl-1.pem'), 'type', 'This is a revocation list, not a signing-key certificate.'],
      [readVector('certification-requests/ed25519-a.pem'), 'type', 'This is a certification request, not a signing-key certificate.'],
      [readVector('licenses/ed25519-perpetual.lic'), 'type', 'This is a PUMOTIX license, not a signing-key certificate.'],
      [Buffer.from('not json'), 'format', 'The signing-key certificate is damaged: its content is not a JSON object.'],
      [Buffer.from(JSON.stringify({ ...env, sig: 'AA' })), 'format', 'The signing-key certificate is damaged: its signature (sig) is not valid base64.'],
      [signedBy(rootEd, Buffer.from(JSON.stringify({ ...payload, notAfter: payload.notBefore }))), 'payload', "The signing-key certificate is signed but its content is invalid: The certificate's notAfter must be later than its notBefore."],
      [signedBy(rootEd, Buffer.from(JSON.stringify({ ...payload, extra: true }))), 'payload', 'The signing-key certificate is signed but its content is invalid: The certificate has unexpected fields: extra.'],
      [signedBy(rootEd, Buffer.from(JSON.stringify(payload, null, 1))), 'payload', 'The signing-key certificate is signed but its content is invalid: The certificate payload is not in canonical form (key order or spacing differs).'],
      [signedBy(rootEd, serializeCertificatePayload({ ...payload, alg: 'rsa-pss-sha256', kid: 'rsapss-0123456789abcdef' })), 'payload', /^The signing-key certificate's publicKey is not a rsa-pss-sha256 key: The key type is ed25519, not RSA\.$/],
      [signedBy(rootEd, serializeCertificatePayload({ ...payload, publicKey: Buffer.from('not a key').toString('base64') })), 'payload', /^The signing-key certificate's publicKey cannot be used: /],
      [Buffer.from(JSON.stringify({ ...env, alg: 'rsa-pss-sha256' })), 'signature', `The signing-key certificate says it is signed with rsa-pss-sha256, but root key ${rootEd.kid} is a ed25519 key.`],
    ]
    for (const [input, code, message] of cases) {
      const r = refused(check(input, roots))
      expect([code, r.code]).toEqual([code, code])
      if (typeof message === 'string') expect(r.reason).toBe(message)
      else expect(r.reason).toMatch(message)
    }
  })
  it.each(certificateCheckers)('%s: unusable roots are bad-root', (_impl, check) => {
    const listed = rootPublicKey(rootEd)
    expect(refused(check(good, [{ ...listed, publicKey: 'nope' }])).code).toBe('bad-root')
    expect(refused(check(good, [{ ...listed, publicKey: roots[1].publicKey }])).reason).toMatch(new RegExp(`^Root key ${listed.kid} cannot check ed25519 signatures: The key type is rsa, not Ed25519\\.$`))
    const other = generateRootKey('ed25519', 'another long passphrase')
    expect(refused(check(good, [{ ...listed, publicKey: other.publicKeyPem }])).reason).toBe(`Root key ${listed.kid} is listed under the wrong key id: its key id is ${other.kid}.`)
    expect(refused(check(good, [])).code).toBe('unknown-root')
  })
  it('accept the armored file, its bare base64 (with line breaks) and the bytes', () => {
    const file = formatCertificateFile(good)
    expect(file.split('\n')[0]).toBe('-----BEGIN PUMOTIX SIGNING KEY CERTIFICATE-----')
    expect(file.split('\n').slice(1, -2).every((l) => l.length <= 64)).toBe(true)
    for (const input of [file, 'Subject: your certificate\r\n\r\n' + file.replace(/\n/g, '\r\n') + '\r\n-- \r\n', good.toString('base64'), good.toString('base64').replace(/(.{50})/g, '$1\n'), good]) {
      expect(verifyCertificate(input, roots).ok).toBe(true)
      expect(verifyCertificateWithForge(input, roots).ok).toBe(true)
    }
  })
})

describe('certifySigningKey', () => {
  const request = readVector('certification-requests/ed25519-b.pem')
  it('defaults to the request time and no end, and takes dates', () => {
    const c = verifyCertificate(certifySigningKey(request, rootEd), roots)
    expect(c.ok && [c.certificate.notBefore, c.certificate.notAfter]).toEqual(['2026-06-01T00:00:00.000Z', null])
    const d = verifyCertificate(certifySigningKey(readCertificationRequest(request).request, rootEd, { notBefore: new Date('2026-07-01Z'), notAfter: '2027-07-01T00:00:00Z' }), roots)
    expect(d.ok && [d.certificate.notBefore, d.certificate.notAfter]).toEqual(['2026-07-01T00:00:00.000Z', '2027-07-01T00:00:00.000Z'])
  })
  it('is made with an RSA root too', () => {
    const rsaRoot = testRootKey('rsa-pss-sha256')
    const r = verifyCertificateWithForge(certifySigningKey(request, rsaRoot), roots)
    expect(r.ok && r.rootKid).toBe(rsaRoot.kid)
  })
  it('refuses bad validity, a tampered request, a request object whose kid is not its key, and the root itself', () => {
    expect(() => certifySigningKey(request, rootEd, { notAfter: '2026-01-01T00:00:00Z' })).toThrow("The certificate's notAfter must be later than its notBefore.")
    expect(() => certifySigningKey(request, rootEd, { notBefore: 'soon' })).toThrow('notBefore is not a valid date: "soon".')
    expect(() => certifySigningKey(request.replace(/\n[A-Z]/, '\nA'), rootEd)).toThrow(SignedDocumentError)
    const req = readCertificationRequest(request).request
    expect(() => certifySigningKey({ ...req, kid: 'ed25519-0000000000000000' }, rootEd)).toThrow(/names key id ed25519-0000000000000000, but the key id of its public key is/)
    const pair = generateRootKey('ed25519', 'another long passphrase')
    const root = readRootPrivateKey(pair.encryptedPrivateKeyPem, 'another long passphrase')
    const rootAsKey = { kid: root.kid, alg: root.alg, privateKeyPem: root.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() }
    expect(() => certifySigningKey(makeCertificationRequest(rootAsKey), root)).toThrow('A root key cannot be certified as a signing key; root keys sign only certificates and revocation lists.')
  })
})

describe('revocation list vectors', () => {
  describe.each(revocationListVectors().map((v) => [v.name, v] as const))('%s', (_name, v) => {
    const text = readVector(v.file)
    it.each(listCheckers)('gives the recorded result with %s', (_impl, check) => {
      const r = check(text, roots)
      if (v.expect.ok) expect(r).toEqual({ ok: true, revocationList: v.payload, rootKid: v.rootKid, bytes: documentBytes(text, 'revocations') })
      else expect(refused(r).code).toBe(v.expect.code)
    })
    it('has the recorded payload bytes; openssl checks its signature; signing again reproduces it', () => {
      expect(serializeRevocationList(v.payload).toString('utf8')).toBe(readVector(v.payloadFile))
      const run = runOpensslV2('document', { 'document.pem': text }, [...roots, rootPublicKey(testRootKey('unknown-ed25519'))])
      expect(run.output).toContain('Signature Verified Successfully')
      expect(run.ok).toBe(true)
      const root = v.rootKid === rootEd.kid ? rootEd : testRootKey('unknown-ed25519')
      expect(formatRevocationListFile(signRevocationList(root, v.payload))).toBe(text)
    })
  })
})

describe('signRevocationList / verifyRevocationList', () => {
  it('sorts and de-duplicates the key ids', () => {
    const bytes = signRevocationList(rootEd, { number: 3, issuedAt: '2026-10-01T00:00:00Z', revoked: ['rsapss-0123456789abcdef', 'ed25519-ffffffffffffffff', 'rsapss-0123456789abcdef'] })
    const r = verifyRevocationList(bytes, roots)
    expect(r.ok && r.revocationList).toEqual({ v: 1, type: 'revocations', number: 3, issuedAt: '2026-10-01T00:00:00.000Z', revoked: ['ed25519-ffffffffffffffff', 'rsapss-0123456789abcdef'] })
  })
  it('refuses bad fields and revoking a root', () => {
    const base = { number: 1, issuedAt: '2026-10-01T00:00:00Z', revoked: [] as string[] }
    expect(() => signRevocationList(rootEd, { ...base, number: 0 })).toThrow('The revocation list number must be a whole number from 1 to 4294967295.')
    expect(() => signRevocationList(rootEd, { ...base, revoked: ['key-1'] })).toThrow('"key-1" in the revocation list is not a key id (like ed25519-0123456789abcdef).')
    expect(() => signRevocationList(rootEd, { ...base, revoked: ['ED25519-0123456789ABCDEF'] })).toThrow(/is not a key id/)
    expect(() => signRevocationList(rootEd, { ...base, revoked: [rootEd.kid] })).toThrow('A revocation list cannot revoke a root key; root keys are replaced only with new firmware.')
  })
  it.each(listCheckers)('%s refuses malformed lists, unknown roots, bad signatures, wrong types', (_impl, check) => {
    const good = signRevocationList(rootEd, { number: 1, issuedAt: '2026-10-01T00:00:00Z', revoked: [] })
    const env = JSON.parse(good.toString())
    const payload = JSON.parse(Buffer.from(env.enc, 'base64').toString())
    expect(refused(check('garbage!', roots)).code).toBe('format')
    expect(refused(check(readVector('certificates/a-by-root-ed25519.pem'), roots)).reason).toBe('This is a signing-key certificate, not a revocation list.')
    expect(refused(check(readVector('revocation-lists/crl-unknown-root.pem'), roots)).reason).toBe(
      `The revocation list was signed by root key ${testRootKey('unknown-ed25519').kid}, which is not among the known root keys.`,
    )
    const raised = Buffer.from(JSON.stringify({ ...env, enc: Buffer.from(JSON.stringify({ ...payload, number: 99 })).toString('base64') }))
    expect(refused(check(raised, roots)).reason).toBe(`The revocation list's signature is not valid: it was changed after it was signed, or it was not signed by root key ${rootEd.kid}.`)
    expect(refused(check(signedBy(rootEd, Buffer.from(JSON.stringify({ ...payload, revoked: ['rsapss-0000000000000002', 'rsapss-0000000000000001'] }))), roots)).reason).toBe(
      'The revocation list is signed but its content is invalid: The revoked key ids must be sorted and unique.',
    )
    expect(refused(check(signedBy(rootEd, Buffer.from(JSON.stringify({ ...payload, type: 'signing-key' }))), roots)).code).toBe('type')
    expect(refused(check(signedBy(rootEd, Buffer.from(JSON.stringify({ ...payload, v: 2 }))), roots)).reason).toBe(
      'The revocation list is signed but its content is invalid: The revocation list has version 2; only version 1 is supported.',
    )
  })
})
