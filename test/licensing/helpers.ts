/** Shared helpers for the licensing tests: committed vectors, openssl, tampering. */
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatLicenseFile, parseLicenseEnvelope } from '@/licensing/license-file'
import {
  kidForPublicKey,
  readRootPrivateKey,
  type LicenseAlg,
  type LicensePayload,
  type LicensePayloadV2,
  type PublicKeyInfo,
  type RequestCode,
  type RequestCodeV2,
  type RevocationList,
  type RootPublicKey,
  type RootSigningKey,
  type SigningKey,
  type SigningKeyCertificate,
} from '@/licensing'

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')
export const VECTORS = join(ROOT, 'test/vectors')
export const OPENSSL = '/usr/bin/openssl'

export function readVector(rel: string): string {
  return readFileSync(join(VECTORS, rel), 'utf8')
}

export function readVectorJson<T>(rel: string): T {
  return JSON.parse(readVector(rel)) as T
}

export interface RequestCodeVector {
  name: string
  fields: Omit<RequestCode, 'version' | 'createdAt'> & { createdAt: string }
  hex: string
  text: string
}

export interface InvalidRequestCodeVector {
  name: string
  text: string
  reason: string
}

export interface LicenseVector {
  file: string
  payloadFile: string
  alg: LicenseAlg
  kid: string
  sha256: string
  deterministic: boolean
  payload: LicensePayload
}

export const requestCodeVectors = () => readVectorJson<{ codes: RequestCodeVector[] }>('request-codes.json').codes
export const invalidRequestCodeVectors = () => readVectorJson<{ codes: InvalidRequestCodeVector[] }>('invalid-request-codes.json').codes
export const licenseVectors = () => readVectorJson<{ licenses: LicenseVector[] }>('licenses.json').licenses
export const testPublicKeys = () => readVectorJson<{ keys: PublicKeyInfo[] }>('keys/test-keys.json').keys

/** The TEST ONLY signing keys of the committed vectors. */
export function testSigningKey(alg: LicenseAlg): SigningKey {
  const info = testPublicKeys().find((k) => k.alg === alg)
  if (!info) throw new Error(`no test key for ${alg}`)
  return {
    kid: info.kid,
    alg,
    status: info.status,
    createdAt: info.createdAt,
    publicKeyPem: info.publicKey,
    privateKeyPem: readVector(`keys/TEST-ONLY-${alg}.private.pem`),
  }
}

/** Verifies a license file with the openssl CLI using the documented commands. */
export function verifyWithOpenssl(licenseText: string, publicKeyPem: string): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pmx-openssl-'))
  try {
    const { envelope, payloadBytes, signature } = parseLicenseEnvelope(licenseText)
    const pub = join(dir, 'pub.pem')
    const payload = join(dir, 'payload.json')
    const sig = join(dir, 'sig.bin')
    writeFileSync(pub, publicKeyPem)
    writeFileSync(payload, payloadBytes)
    writeFileSync(sig, signature)
    const args =
      envelope.alg === 'ed25519'
        ? ['pkeyutl', '-verify', '-pubin', '-inkey', pub, '-rawin', '-in', payload, '-sigfile', sig]
        : ['dgst', '-sha256', '-sigopt', 'rsa_padding_mode:pss', '-sigopt', 'rsa_pss_saltlen:32', '-sigopt', 'rsa_mgf1_md:sha256', '-verify', pub, '-signature', sig, payload]
    const run = spawnSync(OPENSSL, args, { encoding: 'utf8' })
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** Rebuilds a license file with its payload bytes or signature replaced. */
export function withReplaced(licenseText: string, change: { payloadBytes?: Buffer; signature?: Buffer }): string {
  const { envelope, payloadBytes, signature } = parseLicenseEnvelope(licenseText)
  return formatLicenseFile({
    ...envelope,
    enc: (change.payloadBytes ?? payloadBytes).toString('base64'),
    sig: (change.signature ?? signature).toString('base64'),
  })
}

/** A copy of `bytes` with byte `index` XORed with `mask` (1..255). */
export function flipByte(bytes: Buffer, index: number, mask: number): Buffer {
  const copy = Buffer.from(bytes)
  copy[index] ^= mask
  return copy
}

// --- format 2 ---------------------------------------------------------------------------------

export interface RequestCodeV2Vector {
  name: string
  fields: Omit<RequestCodeV2, 'version' | 'createdAt'> & { createdAt: string }
  hex: string
  text: string
}

export interface InvalidRequestCodeV2Vector {
  name: string
  text: string
  /** What decodeRequestCodeV2 gives. */
  reason: string
  /** What readRequestCode gives, when it differs. */
  readReason?: string
}

export type DocumentExpectation = { ok: true } | { ok: false; code: string }

export interface CertificateVector {
  name: string
  file: string
  payloadFile: string
  describe: string
  rootKid: string
  rootAlg: LicenseAlg
  deterministic: boolean
  payload: SigningKeyCertificate
  expect: DocumentExpectation
}

export interface RevocationListVector {
  name: string
  file: string
  payloadFile: string
  describe: string
  rootKid: string
  payload: RevocationList
  expect: DocumentExpectation
}

export interface CertificationRequestVector {
  name: string
  file: string
  kid: string
  alg: LicenseAlg
  createdAt: string
  publicKey: string
  deterministic: boolean
  sha256: string
}

export type LicenseV2Expectation =
  | { ok: true; activeOptions: string[]; revocationNumber: number | null; revocationListUpdated: boolean }
  | { ok: false; code: string; revocationNumber: number | null; revocationListUpdated: boolean }

export interface LicenseV2Check {
  /** Revocation list file the controller holds, or null. */
  held: string | null
  now: string
  hardwareId: string
  expect: LicenseV2Expectation
}

export interface LicenseV2Vector {
  name: string
  file: string
  payloadFile: string
  describe: string
  alg: LicenseAlg
  kid: string
  certificate: string
  revocationList: string | null
  sha256: string
  deterministic: boolean
  payload: LicensePayloadV2
  checks: LicenseV2Check[]
}

export const requestCodeV2Vectors = () => readVectorJson<{ codes: RequestCodeV2Vector[] }>('request-codes-v2.json').codes
export const invalidRequestCodeV2Vectors = () => readVectorJson<{ codes: InvalidRequestCodeV2Vector[] }>('invalid-request-codes-v2.json').codes
export const certificateVectors = () => readVectorJson<{ certificates: CertificateVector[] }>('certificates.json').certificates
export const revocationListVectors = () => readVectorJson<{ revocationLists: RevocationListVector[] }>('revocation-lists.json').revocationLists
export const certificationRequestVectors = () => readVectorJson<{ requests: CertificationRequestVector[] }>('certification-requests.json').requests
export const licenseV2Index = () => readVectorJson<{ now: string; hardwareId: string; roots: string; licenses: LicenseV2Vector[] }>('licenses-v2.json')
export const licenseV2Vectors = () => licenseV2Index().licenses
export const testRoots = () => readVectorJson<{ roots: RootPublicKey[] }>('keys/test-roots.json').roots
export const ROOT_PASSPHRASE_FILE = join(VECTORS, 'keys/TEST-ONLY-root-passphrase.txt')
export const rootPassphrase = () => readVector('keys/TEST-ONLY-root-passphrase.txt').split(/\r?\n/)[0]

/** A TEST ONLY root key of the vectors: 'ed25519', 'rsa-pss-sha256' or 'unknown-ed25519'. */
export function testRootKey(name: 'ed25519' | 'rsa-pss-sha256' | 'unknown-ed25519'): RootSigningKey {
  return readRootPrivateKey(readVector(`keys/TEST-ONLY-root-${name}.key`), rootPassphrase())
}

/** The TEST ONLY signing key B (the key after a rotation in the vectors). */
export function testSigningKeyB(): SigningKey {
  const publicKeyPem = readVector('keys/TEST-ONLY-ed25519-b.public.pem')
  return {
    kid: kidForPublicKey('ed25519', publicKeyPem),
    alg: 'ed25519',
    status: 'active',
    createdAt: '2026-06-01T00:00:00.000Z',
    publicKeyPem,
    privateKeyPem: readVector('keys/TEST-ONLY-ed25519-b.private.pem'),
  }
}

/** The parsed payload of a revocation list vector file (the held list of a check). */
export function heldList(file: string | null): RevocationList | null {
  if (file === null) return null
  const v = revocationListVectors().find((l) => l.file === file)
  if (!v) throw new Error(`no revocation list vector ${file}`)
  return v.payload
}

/**
 * The shell blocks of docs/license-format.md section 15, exactly as written: the
 * verify_envelope helper, the license check and the single-document check.
 */
export function opensslV2Blocks(): { helper: string; license: string; document: string } {
  const doc = readFileSync(join(ROOT, 'docs/license-format.md'), 'utf8')
  const blocks = [...doc.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1])
  const find = (start: string) => {
    const block = blocks.find((b) => b.startsWith(start))
    if (!block) throw new Error(`docs/license-format.md has no sh block starting with ${JSON.stringify(start)}`)
    return block
  }
  return {
    helper: find('# verify_envelope FILE PUBLIC_KEY_PEM'),
    license: find('set -e\n# 1. Unwrap the license envelope'),
    document: find("set -e\nsed -n '/-----BEGIN PUMOTIX/"),
  }
}

/**
 * Runs the documented openssl commands (section 15) in a fresh directory holding `files` and
 * the roots as roots/<kid>.pem. Returns the exit status and the combined output.
 */
export function runOpensslV2(script: 'license' | 'document', files: Record<string, string>, roots: RootPublicKey[]): { ok: boolean; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'pmx-openssl-v2-'))
  try {
    mkdirSync(join(dir, 'roots'))
    for (const r of roots) writeFileSync(join(dir, 'roots', `${r.kid}.pem`), r.publicKey)
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content)
    const blocks = opensslV2Blocks()
    const run = spawnSync('/bin/bash', ['-c', `${blocks.helper}\n${blocks[script]}`], { cwd: dir, encoding: 'utf8', env: { ...process.env, PATH: '/usr/bin:/bin' } })
    return { ok: run.status === 0, output: `${run.stdout}${run.stderr}` }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The documented openssl check of a format 2 license. */
export function verifyLicenseV2WithOpenssl(licenseText: string, roots: RootPublicKey[]): { ok: boolean; output: string } {
  return runOpensslV2('license', { 'license.lic': licenseText }, roots)
}
