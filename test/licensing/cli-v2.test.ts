import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { execFile, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import {
  buildLicensePayloadV2,
  documentBytes,
  formatCertificationRequestFile,
  generateSigningKey,
  makeCertificationRequest,
  readRootPrivateKey,
  signLicenseV2,
  verifyCertificate,
  verifyRevocationList,
} from '@/licensing'
import { runCli } from '@/licensing/cli'
import { runKeysCli, type KeysCliIo } from '@/licensing/keys-cli'
import {
  invalidRequestCodeV2Vectors,
  licenseV2Vectors,
  OPENSSL,
  readVector,
  requestCodeV2Vectors,
  ROOT,
  ROOT_PASSPHRASE_FILE,
  rootPassphrase,
  testRootKey,
  testRoots,
  VECTORS,
} from './helpers'

const DEVICE = join(ROOT, 'bin/pumotix-device.mjs')
const KEYS = join(ROOT, 'bin/pumotix-keys.mjs')
const ROOTS_PEM = join(VECTORS, 'keys/test-roots.pem')
const ROOTS_JSON = join(VECTORS, 'keys/test-roots.json')

function runBin(bin: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((done) => {
    execFile(process.execPath, [bin, ...args], { cwd: ROOT, env: { ...process.env, NODE_OPTIONS: '', ...env } }, (err, stdout, stderr) => {
      const code = err ? ((err as { code?: number }).code ?? 1) : 0
      done({ code: typeof code === 'number' ? code : 1, stdout, stderr })
    })
  })
}

/** The device CLI in-process (same code as the bin). */
async function device(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, { out: (t) => void (stdout += t), err: (t) => void (stderr += t) })
  return { code, stdout, stderr }
}

/** The keys CLI in-process, with its own environment and clock. */
async function keys(args: string[], env: Record<string, string | undefined> = {}, now = new Date('2026-10-01T00:00:00.000Z')) {
  let stdout = ''
  let stderr = ''
  const io: KeysCliIo = { out: (t) => void (stdout += t), err: (t) => void (stderr += t), env, now: () => now }
  const code = await runKeysCli(args, io)
  return { code, stdout, stderr }
}

const tmp = mkdtempSync(join(tmpdir(), 'pmx-cli-v2-'))
const lic = (name: string) => join(VECTORS, `licenses-v2/${name}.lic`)
let server: Server
let baseUrl = ''

beforeAll(async () => {
  server = createServer((req, res) => {
    if (req.url === '/api/license-keys') {
      res.setHeader('content-type', 'application/json')
      res.end(readFileSync(join(VECTORS, 'keys/test-license-keys-v2.json')))
    } else {
      res.statusCode = 404
      res.end('{}')
    }
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  await new Promise((ok) => server.close(ok))
  rmSync(tmp, { recursive: true, force: true })
})

describe('pumotix-device, format 2', () => {
  const trusted = requestCodeV2Vectors().find((c) => c.name === 'trusted-clock')!

  it('--help lists the format 2 options', async () => {
    const r = await runBin(DEVICE, ['--help'])
    expect(r.stdout).toContain('[--format 1|2] [--revocation-number N] [--enforces-end-dates]')
    expect(r.stdout).toContain('verify LICENSE_FILE --roots URL_OR_FILE [--crl HELD_LIST_FILE]')
  })

  it('request-code --format 2 prints the PMX2 code (bin)', async () => {
    const f = trusted.fields
    const r = await runBin(DEVICE, ['request-code', '--format', '2', '--model', String(f.modelId), '--serial', f.serial, '--hardware-id', f.hardwareId, '--sequence', String(f.sequence), '--time', String(Date.parse(f.createdAt) / 1000), '--revocation-number', String(f.revocationNumber), '--enforces-end-dates'])
    expect(r).toEqual({ code: 0, stdout: trusted.text + '\n', stderr: '' })
  })

  it('request-code --format 2 defaults to list 0 and no trusted clock; format 1 options stay format 1', async () => {
    const typical = requestCodeV2Vectors()[0]
    const f = typical.fields
    const base = ['--model', String(f.modelId), '--serial', f.serial, '--hardware-id', f.hardwareId, '--time', String(Date.parse(f.createdAt) / 1000)]
    expect((await device('request-code', '--format', '2', ...base)).stdout).toBe(typical.text + '\n')
    expect((await device('request-code', '--format', '1', ...base)).stdout).toMatch(/^PMX1-/)
    expect((await device('request-code', ...base)).stdout).toMatch(/^PMX1-/)
  })

  it('request-code usage errors', async () => {
    const base = ['--model', '1', '--serial', '1', '--hardware-id', '00'.repeat(16)]
    const stray = await device('request-code', ...base, '--revocation-number', '2')
    expect(stray.code).toBe(64)
    expect(stray.stderr).toContain('--revocation-number and --enforces-end-dates belong to format 2 codes; add --format 2.')
    expect((await device('request-code', ...base, '--enforces-end-dates')).code).toBe(64)
    expect((await device('request-code', ...base, '--format', '3')).stderr).toContain('--format must be 1 or 2, got "3".')
    expect((await device('request-code', ...base, '--format', '2', '--revocation-number', 'two')).code).toBe(64)
  })

  it('decode prints a PMX2 code (bin)', async () => {
    const r = await runBin(DEVICE, ['decode', trusted.text.toLowerCase()])
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      [
        'Request code OK',
        'Version:         2',
        'Model id:        7',
        'Serial:          20250001',
        'Hardware id:     a3f94c0e5b7d21886e0f4d3c2b1a9087',
        'Sequence:        3',
        'Created at:      2026-09-01T08:15:00.000Z',
        'Revocation list: 2',
        'End dates:       enforced (the controller has a trusted clock)',
        '',
      ].join('\n'),
    )
    const json = await device('decode', requestCodeV2Vectors()[0].text, '--json')
    expect(JSON.parse(json.stdout)).toEqual({ version: 2, ...requestCodeV2Vectors()[0].fields })
    expect((await device('decode', requestCodeV2Vectors()[0].text)).stdout).toContain('Revocation list: 0 (none held)\nEnd dates:       not enforced (no trusted clock)\n')
  })

  it('decode explains every invalid PMX2 code and exits 1', async () => {
    for (const v of invalidRequestCodeV2Vectors().filter((c) => c.reason !== 'empty')) {
      const r = await device('decode', v.text)
      expect([v.name, r.code]).toEqual([v.name, 1])
      expect(r.stderr).toMatch(new RegExp(`^Invalid request code \\(${v.readReason ?? v.reason}\\): `))
    }
  })

  it('verify --roots gives every vector\'s result (PEM and JSON roots, held list via --crl)', async () => {
    for (const v of licenseV2Vectors()) {
      for (const c of v.checks) {
        const args = ['verify', lic(v.name), '--roots', v.name.length % 2 ? ROOTS_PEM : ROOTS_JSON, '--now', c.now, '--hardware-id', c.hardwareId]
        if (c.held) args.push('--crl', join(VECTORS, c.held))
        const r = await device(...args)
        expect([v.name, c.held, r.code]).toEqual([v.name, c.held, c.expect.ok ? 0 : 2])
        if (c.expect.ok) {
          expect(r.stdout).toMatch(/^License OK \(format 2\)\n/)
          expect(r.stdout).toContain(`Active options:    ${c.expect.activeOptions.join(', ') || '(none)'}\n`)
          expect(r.stdout).toContain(`Revocation list:   ${c.expect.revocationNumber ?? 'none'}`)
        } else {
          expect(r.stderr).toMatch(/^License NOT valid: /)
        }
      }
    }
  })

  it('verify prints options with their end and state, maintenance, certificate and list (bin)', async () => {
    const r = await runBin(DEVICE, ['verify', lic('ed25519-dated'), '--roots', ROOTS_PEM, '--now', '2027-01-01T00:00:00Z', '--hardware-id', '00112233445566778899AABBCCDDEEFF'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.stdout).toBe(
      [
        'License OK (format 2)',
        'License id:        TEST-2-0002',
        'Serial:            123456',
        'Model id:          42',
        'Hardware id:       00112233445566778899aabbccddeeff',
        'Options:           BACNET until 2026-12-31T23:59:59.999Z (not active: ended)',
        '                   CANOPEN permanent (active)',
        'Active options:    CANOPEN',
        'Maintenance until: 2027-02-28T23:59:59.999Z',
        'Sequence:          2',
        'Issued at:         2026-03-01T10:00:00.000Z',
        'Expires at:        never',
        'Signed by:         ed25519-03440d5a9855b1df (ed25519)',
        `Certificate:       by root ${testRoots()[0].kid}, valid for licenses issued from 2026-01-01T00:00:00.000Z to 2026-12-31T23:59:59.999Z`,
        'Revocation list:   none',
        'Verified with:     node-forge',
        '',
      ].join('\n'),
    )
  })

  it('verify says where a newer list came from, and --json gives the whole result', async () => {
    const fromLicense = await device('verify', lic('ed25519-rotated'), '--roots', ROOTS_PEM, '--now', '2026-09-01T00:00:00Z')
    expect(fromLicense.stdout).toContain('Revocation list:   1 (carried by this license, newer than the held one: a controller stores it)\n')
    const held = await device('verify', lic('ed25519-rotated'), '--roots', ROOTS_PEM, '--crl', join(VECTORS, 'revocation-lists/crl-2.pem'), '--now', '2026-09-01T00:00:00Z')
    expect(held.stdout).toContain('Revocation list:   2 (held)\n')
    const json = JSON.parse((await device('verify', lic('rsa-pss-sha256-dated'), '--roots', ROOTS_JSON, '--now', '2026-09-01T00:00:00Z', '--json')).stdout)
    expect(json).toMatchObject({ ok: true, format: 2, alg: 'rsa-pss-sha256', activeOptions: ['BACNET'], revocationListUpdated: true, revocationList: { number: 2 } })
    expect(json.options).toEqual([
      { code: 'BACNET', until: '2027-06-30T23:59:59.999Z', active: true },
      { code: 'MODBUS', until: '2026-08-31T23:59:59.999Z', active: false },
    ])
  })

  it('verify --roots URL reads the roots member of GET /api/license-keys (bin)', async () => {
    const r = await runBin(DEVICE, ['verify', lic('ed25519-revoked-no-crl'), '--roots', `${baseUrl}/api/license-keys`, '--crl', join(VECTORS, 'revocation-lists/crl-1.pem')])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('License NOT valid: Signing key ed25519-03440d5a9855b1df has been revoked (revocation list 1), so licenses it signed are no longer accepted. Ask for a new license.\n')
    expect((await device('verify', lic('ed25519-permanent'), '--roots', `${baseUrl}/api/license-keys`)).code).toBe(0)
    expect((await device('verify', lic('ed25519-permanent'), '--roots', `${baseUrl}/nope`)).stderr).toContain('HTTP 404')
  })

  it('verify tells which option a file of the other format needs; with both, the format chooses', async () => {
    const v1 = join(VECTORS, 'licenses/ed25519-perpetual.lic')
    const keysFile = join(VECTORS, 'keys/test-keys.json')
    expect(await device('verify', v1, '--roots', ROOTS_PEM)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'License NOT verified: This is a format 1 license file; format 1 is verified with --keys (the license keys), not with --roots.\n',
    })
    expect((await device('verify', lic('ed25519-permanent'), '--keys', keysFile)).stderr).toBe(
      'License NOT verified: This is a format 2 license file; format 2 is verified with --roots (the root keys).\n',
    )
    expect((await device('verify', v1, '--keys', keysFile, '--roots', ROOTS_PEM)).stdout).toMatch(/^License OK\n/)
    expect((await device('verify', lic('ed25519-permanent'), '--keys', keysFile, '--roots', ROOTS_PEM)).stdout).toMatch(/^License OK \(format 2\)\n/)
  })

  it('verify: unusable roots or held list exit 2; usage errors exit 64', async () => {
    const badRoots = join(tmp, 'bad-roots.txt')
    writeFileSync(badRoots, 'hello')
    expect((await device('verify', lic('ed25519-permanent'), '--roots', badRoots)).stderr).toBe(
      `License NOT verified: Could not use the roots from ${badRoots}: The roots are neither JSON nor SPKI PEM (no -----BEGIN PUBLIC KEY----- block).\n`,
    )
    const foreign = await device('verify', lic('ed25519-permanent'), '--roots', ROOTS_PEM, '--crl', join(VECTORS, 'revocation-lists/crl-unknown-root.pem'))
    expect(foreign.code).toBe(2)
    expect(foreign.stderr).toMatch(/^License NOT verified: The held revocation list .*crl-unknown-root\.pem is not valid: The revocation list was signed by root key/)
    expect((await device('verify', lic('ed25519-permanent'), '--roots', join(tmp, 'missing.pem'))).stderr).toContain('Could not read the roots file')
    expect((await device('verify', lic('ed25519-permanent'), '--crl', join(VECTORS, 'revocation-lists/crl-1.pem'), '--keys', ROOTS_PEM)).code).toBe(64)
    expect((await device('verify', lic('ed25519-permanent'))).stderr).toContain('--keys URL_OR_FILE (format 1) or --roots URL_OR_FILE (format 2) is required.')
  })
})

describe('pumotix-keys', () => {
  const env = { PUMOTIX_ROOT_PASSPHRASE: 'a long passphrase for the cli test' }

  it('--help, unknown commands and missing arguments', async () => {
    const help = await runBin(KEYS, ['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toMatch(/^Usage: pumotix-keys <command>/)
    expect((await keys([])).code).toBe(64)
    expect((await keys(['frobnicate'])).stderr).toBe('Unknown command "frobnicate".\nRun pumotix-keys --help for usage.\n')
    expect((await keys(['root'])).code).toBe(64)
    expect((await keys(['root', 'create'], env)).stderr).toContain('root create needs --out ROOT_KEY.')
    expect((await keys(['certify', 'x.pem'], env)).stderr).toContain('certify needs --root ROOT_KEY.')
    expect((await keys(['revoke', '--root', 'r.key', '--out', 'x.pem'], env)).stderr).toContain('revoke needs at least one --kid KID.')
    expect((await keys(['show'])).code).toBe(64)
  })

  it('root create writes an encrypted key with mode 0600, refuses to overwrite, and openssl reads it (bin)', async () => {
    const out = join(tmp, 'root-a.key')
    const r = await runBin(KEYS, ['root', 'create', '--out', out], env)
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(statSync(out).mode & 0o777).toBe(0o600)
    const pem = readFileSync(out, 'utf8')
    expect(pem).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/)
    const root = readRootPrivateKey(pem, env.PUMOTIX_ROOT_PASSPHRASE)
    expect(r.stdout).toBe(`Root key written to ${out} (encrypted PKCS#8, mode 0600). Keep it offline.\nRoot key id: ${root.kid} (ed25519)\n${root.publicKeyPem}`)
    const ossl = spawnSync(OPENSSL, ['pkey', '-in', out, '-passin', 'env:PUMOTIX_ROOT_PASSPHRASE', '-pubout'], { encoding: 'utf8', env: { ...process.env, ...env } })
    expect(ossl.stdout).toBe(root.publicKeyPem)
    const again = await keys(['root', 'create', '--out', out], env)
    expect(again.code).toBe(2)
    expect(again.stderr).toBe(`${out} exists; pumotix-keys never overwrites a file. Choose another path or move the file away.\n`)
    expect(readFileSync(out, 'utf8')).toBe(pem)
  })

  it('root create: RSA, --public-out, passphrase from a file, passphrase rules', async () => {
    const pass = join(tmp, 'pass.txt')
    writeFileSync(pass, 'passphrase from a file\nsecond line ignored\n')
    const out = join(tmp, 'root-rsa.key')
    const pub = join(tmp, 'root-rsa.pem')
    const r = await keys(['root', 'create', '--out', out, '--alg', 'rsa-pss-sha256', '--public-out', pub, '--passphrase-file', pass], env)
    expect(r.code).toBe(0)
    const root = readRootPrivateKey(readFileSync(out, 'utf8'), 'passphrase from a file')
    expect(root.alg).toBe('rsa-pss-sha256')
    expect(readFileSync(pub, 'utf8')).toBe(root.publicKeyPem)
    expect(r.stdout).toContain(`Root key id: ${root.kid} (rsa-pss-sha256)\nPublic key written to ${pub}.\n`)
    expect((await keys(['root', 'create', '--out', join(tmp, 'x.key')])).stderr).toContain('No passphrase: give --passphrase-file FILE or set PUMOTIX_ROOT_PASSPHRASE (pumotix-keys never asks interactively).')
    const short = await keys(['root', 'create', '--out', join(tmp, 'x.key')], { PUMOTIX_ROOT_PASSPHRASE: 'short' })
    expect([short.code, short.stderr]).toEqual([1, 'The passphrase for a new root key must have at least 12 characters.\n'])
    expect((await keys(['root', 'create', '--out', join(tmp, 'x.key'), '--alg', 'dsa'], env)).code).toBe(64)
    expect((await keys(['root', 'create', '--out', join(tmp, 'y.key'), '--public-out', pub], env)).code).toBe(2)
  })

  it('root public prints the key id and PEM; a wrong passphrase exits 1', async () => {
    const file = join(VECTORS, 'keys/TEST-ONLY-root-ed25519.key')
    const r = await keys(['root', 'public', file, '--passphrase-file', ROOT_PASSPHRASE_FILE])
    expect(r).toEqual({ code: 0, stdout: `Root key id: ${testRoots()[0].kid} (ed25519)\n${testRoots()[0].publicKey}`, stderr: '' })
    const wrong = await keys(['root', 'public', file], { PUMOTIX_ROOT_PASSPHRASE: 'wrong' })
    expect(wrong).toEqual({ code: 1, stdout: '', stderr: `${file}: The root key could not be decrypted: the passphrase is wrong or the file is damaged.\n` })
  })

  it('certify prints what it certifies and writes the certificate', async () => {
    const out = join(tmp, 'b.crt')
    const r = await keys(['certify', join(VECTORS, 'certification-requests/ed25519-b.pem'), '--root', join(VECTORS, 'keys/TEST-ONLY-root-ed25519.key'), '--passphrase-file', ROOT_PASSPHRASE_FILE, '--not-after', '2027-12-31T23:59:59.999Z', '--out', out])
    expect(r.stderr).toBe('')
    expect(r.stdout).toBe(
      [
        'Certified signing key ed25519-1640fe0fc1eca830 (ed25519)',
        '  requested at:   2026-06-01T00:00:00.000Z',
        '  valid for licenses issued from 2026-06-01T00:00:00.000Z to 2027-12-31T23:59:59.999Z',
        `  by root key     ${testRoots()[0].kid} (ed25519)`,
        `Certificate written to ${out}.`,
        '',
      ].join('\n'),
    )
    const c = verifyCertificate(readFileSync(out, 'utf8'), testRoots())
    expect(c.ok && c.certificate.notAfter).toBe('2027-12-31T23:59:59.999Z')
    expect((await keys(['certify', join(VECTORS, 'certification-requests/ed25519-b.pem'), '--root', join(VECTORS, 'keys/TEST-ONLY-root-ed25519.key'), '--passphrase-file', ROOT_PASSPHRASE_FILE, '--out', out])).code).toBe(2)
  })

  it('certify: --not-before, --not-after none, and refusals', async () => {
    const root = ['--root', join(VECTORS, 'keys/TEST-ONLY-root-rsa-pss-sha256.key'), '--passphrase-file', ROOT_PASSPHRASE_FILE]
    const out = join(tmp, 'c.crt')
    const r = await keys(['certify', join(VECTORS, 'certification-requests/ed25519-a.pem'), ...root, '--not-before', '2026-02-01T00:00:00Z', '--not-after', 'none', '--out', out])
    expect(r.stdout).toContain('  valid for licenses issued from 2026-02-01T00:00:00.000Z with no end\n')
    const tampered = join(tmp, 'tampered.pem')
    writeFileSync(tampered, readVector('certification-requests/ed25519-a.pem').replace(/\n[A-Za-z0-9]/, '\nA'))
    const bad = await keys(['certify', tampered, ...root, '--out', join(tmp, 'd.crt')])
    expect(bad.code).toBe(1)
    expect(bad.stderr).toMatch(new RegExp(`^${tampered}: The certification request`))
    expect((await keys(['certify', join(VECTORS, 'certificates/a-by-root-ed25519.pem'), ...root, '--out', join(tmp, 'd.crt')])).stderr).toContain('This is a signing-key certificate, not a certification request.')
    expect((await keys(['certify', join(VECTORS, 'certification-requests/ed25519-a.pem'), ...root, '--not-after', 'soon', '--out', join(tmp, 'd.crt')])).code).toBe(64)
    expect((await keys(['certify', join(VECTORS, 'certification-requests/ed25519-a.pem'), ...root, '--not-after', '2025-01-01T00:00:00Z', '--out', join(tmp, 'd.crt')])).stderr).toContain(
      "The certificate's notAfter must be later than its notBefore.",
    )
  })

  it('revoke numbers the lists and keeps the previous key ids', async () => {
    const root = ['--root', join(VECTORS, 'keys/TEST-ONLY-root-ed25519.key'), '--passphrase-file', ROOT_PASSPHRASE_FILE]
    const one = join(tmp, 'crl-1.pem')
    const two = join(tmp, 'crl-2.pem')
    const r1 = await keys(['revoke', ...root, '--kid', 'rsapss-0123456789abcdef', '--out', one])
    expect(r1.stdout).toBe(
      `Revocation list 1 by root key ${testRoots()[0].kid}, issued at 2026-10-01T00:00:00.000Z\n  revokes: rsapss-0123456789abcdef\n  new in this list: rsapss-0123456789abcdef\nRevocation list written to ${one}.\n`,
    )
    const r2 = await keys(['revoke', ...root, '--kid', 'ed25519-ffffffffffffffff', '--kid', 'rsapss-0123456789abcdef', '--previous', one, '--out', two], {}, new Date('2026-10-02T00:00:00Z'))
    expect(r2.code).toBe(0)
    const list = verifyRevocationList(readFileSync(two, 'utf8'), testRoots())
    expect(list.ok && list.revocationList).toEqual({ v: 1, type: 'revocations', number: 2, issuedAt: '2026-10-02T00:00:00.000Z', revoked: ['ed25519-ffffffffffffffff', 'rsapss-0123456789abcdef'] })
    expect(r2.stdout).toContain('  new in this list: ed25519-ffffffffffffffff\n')
  })

  it('revoke refuses a previous list of another root, bad key ids, revoking the root, an existing output', async () => {
    const root = ['--root', join(VECTORS, 'keys/TEST-ONLY-root-rsa-pss-sha256.key'), '--passphrase-file', ROOT_PASSPHRASE_FILE]
    const other = await keys(['revoke', ...root, '--kid', 'rsapss-0123456789abcdef', '--previous', join(VECTORS, 'revocation-lists/crl-1.pem'), '--out', join(tmp, 'x.pem')])
    expect(other.code).toBe(1)
    expect(other.stderr).toContain(`was not signed by this root key (${testRoots()[1].kid}); a new list continues the lists of the root that signs it.`)
    expect((await keys(['revoke', ...root, '--kid', 'key-1', '--out', join(tmp, 'x.pem')])).stderr).toContain('"key-1" is not a key id (like ed25519-0123456789abcdef).')
    expect((await keys(['revoke', ...root, '--kid', testRoots()[1].kid, '--out', join(tmp, 'x.pem')])).stderr).toContain('A revocation list cannot revoke a root key')
    expect((await keys(['revoke', ...root, '--kid', 'rsapss-0123456789abcdef', '--out', join(VECTORS, 'revocation-lists/crl-1.pem')])).code).toBe(2)
  })

  it('show prints each kind of file, checks signatures with --roots, reads bare base64 and --json', async () => {
    const request = await keys(['show', join(VECTORS, 'certification-requests/ed25519-b.pem')])
    expect(request.stdout).toMatch(/^Certification request\n {2}Key id: +ed25519-1640fe0fc1eca830\n/)
    expect(request.stdout).toContain('Signature:    valid (made with the private key of the key it names)\n')
    const cert = await keys(['show', join(VECTORS, 'certificates/a-by-root-ed25519.pem'), '--roots', ROOTS_PEM])
    expect(cert.stdout).toContain('Valid:      for licenses issued from 2026-01-01T00:00:00.000Z to 2026-12-31T23:59:59.999Z\n')
    expect(cert.stdout).toContain('Signature:  valid\n')
    expect((await keys(['show', join(VECTORS, 'certificates/a-by-root-ed25519.pem')])).stdout).toContain('Signature:  not checked (give --roots to check it)\n')
    const tampered = await keys(['show', join(VECTORS, 'certificates/a-tampered-validity.pem'), '--roots', ROOTS_JSON])
    expect(tampered.code).toBe(1)
    expect(tampered.stdout).toContain("Signature:  NOT valid: The signing-key certificate's signature is not valid")
    const raw = join(tmp, 'list.b64')
    writeFileSync(raw, documentBytes(readVector('revocation-lists/crl-2.pem'), 'revocations').toString('base64') + '\n')
    const json = JSON.parse((await keys(['show', raw, '--roots', ROOTS_PEM, '--json'])).stdout)
    expect(json).toMatchObject({ type: 'revocations', signer: { kid: testRoots()[0].kid }, signature: 'valid', payload: { number: 2 } })
    const other = join(tmp, 'other.txt')
    writeFileSync(other, 'not a document')
    expect((await keys(['show', other])).code).toBe(1)
  })

  it('end to end: the device verifies what the root holder certified and revoked', async () => {
    const dir = mkdtempSync(join(tmp, 'e2e-'))
    const rootFile = join(dir, 'root.key')
    const rootsPem = join(dir, 'roots.pem')
    expect((await keys(['root', 'create', '--out', rootFile, '--public-out', rootsPem], env)).code).toBe(0)
    const signing = generateSigningKey('ed25519', new Date('2026-10-01T00:00:00Z'))
    const requestFile = join(dir, 'request.pem')
    writeFileSync(requestFile, formatCertificationRequestFile(makeCertificationRequest(signing, new Date('2026-10-01T00:00:00Z'))))
    const certFile = join(dir, 'cert.pem')
    expect((await keys(['certify', requestFile, '--root', rootFile, '--out', certFile], env)).code).toBe(0)
    const payload = buildLicensePayloadV2({ licenseId: 'E2E-1', serial: '1', modelId: 1, hardwareId: 'cd'.repeat(16), options: ['CANOPEN'], maintenanceUntil: null, sequence: 1, issuedAt: '2026-10-02T00:00:00Z' })
    const licenseFile = join(dir, 'license.lic')
    writeFileSync(licenseFile, signLicenseV2(payload, signing, { certificate: readFileSync(certFile, 'utf8'), revocationList: null }).text)
    expect((await runBin(DEVICE, ['verify', licenseFile, '--roots', rootsPem, '--now', '2026-10-03T00:00:00Z'])).code).toBe(0)
    const crlFile = join(dir, 'crl.pem')
    expect((await keys(['revoke', '--root', rootFile, '--kid', signing.kid, '--out', crlFile], env)).code).toBe(0)
    const refused = await device('verify', licenseFile, '--roots', rootsPem, '--crl', crlFile, '--now', '2026-10-03T00:00:00Z')
    expect(refused.code).toBe(2)
    expect(refused.stderr).toContain(`Signing key ${signing.kid} has been revoked (revocation list 1)`)
    expect(testRootKey('ed25519').kid).toBe(testRoots()[0].kid)
    expect(rootPassphrase()).toMatch(/^TEST ONLY/)
  })
})

describe('the device side of format 2 never uses node:crypto', () => {
  // Follows value imports, static and dynamic (`await import('./…')`), from cli.ts.
  it('cli.ts and everything it loads', () => {
    const seen = new Set<string>()
    const external = new Set<string>()
    const visit = (file: string) => {
      if (seen.has(file)) return
      seen.add(file)
      const source = readFileSync(file, 'utf8')
      const specs = [
        ...[...source.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)].filter((m) => !m[1]).map((m) => m[2]),
        ...[...source.matchAll(/import\('([^']+)'\)/g)].map((m) => m[1]),
      ]
      for (const spec of specs) {
        if (spec.startsWith('.')) visit(resolve(dirname(file), spec) + '.ts')
        else external.add(spec)
      }
    }
    visit(join(ROOT, 'src/licensing/cli.ts'))
    expect([...external].sort()).toEqual(['node-forge', 'node:fs/promises', 'node:util'])
    const files = [...seen].map((f) => f.slice(f.lastIndexOf('/') + 1))
    expect(files).toEqual(expect.arrayContaining(['cli-v2.ts', 'forge-verify-v2.ts', 'forge-suite.ts', 'verify-v2-common.ts', 'request-code-v2.ts', 'roots-file.ts']))
    expect(files).not.toEqual(expect.arrayContaining(['node-suite.ts']))
  })
})
