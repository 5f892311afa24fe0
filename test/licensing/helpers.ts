/** Shared helpers for the licensing tests: committed vectors, openssl, tampering. */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { formatLicenseFile, parseLicenseEnvelope } from '@/licensing/license-file'
import type { LicenseAlg, LicensePayload, PublicKeyInfo, RequestCode, SigningKey } from '@/licensing'

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
