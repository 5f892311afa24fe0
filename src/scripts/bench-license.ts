/**
 * Benchmark: signing and verifying licenses with OpenSSL (node:crypto) and node-forge, for
 * ed25519 and rsa-pss-sha256.
 *
 *   node --import tsx scripts/bench-license.ts [--n 200] [--forge-n N]
 *
 * --n        operations per row (default 200)
 * --forge-n  operations per node-forge row (default: --n); forge RSA signing takes ~70 ms each
 *
 * Rows: "sign"/"verify" are the bare signature operation over the canonical payload bytes, with
 * keys parsed once (forge signatures are checked to verify with OpenSSL before timing);
 * "signLicense"/"verifyLicense" are the library calls end to end (payload checks, envelope,
 * armor, kid check, and signLicense's own end-to-end check of the new file with node:crypto AND
 * node-forge, so its time includes one forge verification). The ratio column says how many
 * times faster OpenSSL is than forge for the same operation.
 */
import { constants, createPrivateKey, createPublicKey, sign as cryptoSign, verify as cryptoVerify, type KeyObject } from 'node:crypto'
import { createRequire } from 'node:module'
import os from 'node:os'
import forge from 'node-forge'
import {
  buildLicensePayload,
  buildLicensePayloadV2,
  certifySigningKey,
  generateRootKey,
  generateSigningKey,
  makeCertificationRequest,
  readRootPrivateKey,
  rootPublicKey,
  serializeLicensePayload,
  signLicense,
  signLicenseV2,
  signRevocationList,
  toPublicKeyInfo,
  verifyLicense,
  verifyLicenseV2,
  verifyLicenseV2WithForge,
  verifyLicenseWithForge,
  type LicenseAlg,
  type SigningKey,
} from '@/licensing'
import { readPublicKeyPemWithForge, toBinaryString } from '@/licensing/forge-keys'
import { percentile, timeCalls } from './bench/timing'
import { shortCommit } from './commit'

function arg(name: string): number | undefined {
  const i = process.argv.indexOf(`--${name}`)
  if (i < 0) return undefined
  const value = Number(process.argv[i + 1])
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} needs a positive whole number`)
    process.exit(64)
  }
  return value
}

const N = arg('n') ?? 200
const FORGE_N = arg('forge-n') ?? N
const WARMUP = 3

interface Row {
  alg: LicenseAlg
  op: string
  impl: 'openssl' | 'forge'
  n: number
  opsPerSec: number
  p50: number
  p99: number
}

function measure(alg: LicenseAlg, op: string, impl: Row['impl'], n: number, fn: (i: number) => void): Row {
  const { times, perSecond } = timeCalls(n, fn, WARMUP)
  return { alg, op, impl, n, opsPerSec: perSecond, p50: percentile(times, 50), p99: percentile(times, 99) }
}

function payloadBytes(i: number) {
  return buildLicensePayload({
    licenseId: `BENCH-${String(i).padStart(6, '0')}`,
    serial: String(100000 + i),
    modelId: 42,
    hardwareId: (i.toString(16).padStart(8, '0') + '0123456789abcdef0123456789abcdef').slice(0, 32),
    options: ['CANOPEN', 'MODBUS', 'BACNET'],
    sequence: 1 + (i % 5),
    issuedAt: new Date(Date.UTC(2026, 0, 1) + i * 1000),
    expiresAt: null,
  })
}

function forgeSigner(key: SigningKey): (bytes: Buffer) => Buffer {
  if (key.alg === 'ed25519') {
    const jwk = createPrivateKey(key.privateKeyPem).export({ format: 'jwk' })
    const seed = Buffer.from(jwk.d as string, 'base64url')
    const { privateKey } = forge.pki.ed25519.generateKeyPair({ seed })
    return (bytes) => Buffer.from(forge.pki.ed25519.sign({ message: bytes, privateKey }))
  }
  const privateKey = forge.pki.privateKeyFromPem(key.privateKeyPem) as forge.pki.rsa.PrivateKey
  return (bytes) => {
    const md = forge.md.sha256.create().update(bytes.toString('latin1'))
    const pss = forge.pss.create({ md: forge.md.sha256.create(), mgf: forge.mgf.mgf1.create(forge.md.sha256.create()), saltLength: 32 })
    return Buffer.from(privateKey.sign(md, pss), 'latin1')
  }
}

function forgeVerifier(key: SigningKey): (bytes: Buffer, signature: Buffer) => boolean {
  const pub = readPublicKeyPemWithForge(key.publicKeyPem)
  if (pub.alg === 'ed25519') return (bytes, signature) => forge.pki.ed25519.verify({ message: bytes, signature, publicKey: pub.key })
  return (bytes, signature) => {
    const digest = forge.md.sha256.create().update(toBinaryString(bytes)).digest().getBytes()
    const pss = forge.pss.create({ md: forge.md.sha256.create(), mgf: forge.mgf.mgf1.create(forge.md.sha256.create()), saltLength: 32 })
    return pub.key.verify(digest, toBinaryString(signature), pss)
  }
}

function nodeOptions(alg: LicenseAlg, key: KeyObject) {
  return alg === 'ed25519' ? key : { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
}

// Format 2: one Ed25519 root certifies each signing key; every license carries the certificate
// and a revocation list.
const BENCH_PASSPHRASE = 'benchmark root passphrase'
const root = readRootPrivateKey(generateRootKey('ed25519', BENCH_PASSPHRASE).encryptedPrivateKeyPem, BENCH_PASSPHRASE)
const roots = [rootPublicKey(root)]
const revocationList = signRevocationList(root, { number: 1, issuedAt: new Date(Date.UTC(2025, 6, 1)), revoked: ['ed25519-0123456789abcdef'] })

const rows: Row[] = []
for (const alg of ['ed25519', 'rsa-pss-sha256'] as LicenseAlg[]) {
  const key = generateSigningKey(alg)
  const keys = [toPublicKeyInfo(key)]
  const digest = alg === 'ed25519' ? null : 'sha256'
  const count = Math.max(N, FORGE_N) + WARMUP
  const bytes = Array.from({ length: count }, (_, i) => serializeLicensePayload(payloadBytes(i)))
  const payloads = Array.from({ length: count }, (_, i) => payloadBytes(i))
  const privateKey = createPrivateKey(key.privateKeyPem)
  const publicKey = createPublicKey(key.publicKeyPem)
  const sigs = bytes.map((b) => cryptoSign(digest, b, nodeOptions(alg, privateKey)))
  const files = payloads.map((p) => signLicense(p, key).text)
  const forgeSign = forgeSigner(key)
  const forgeVerify = forgeVerifier(key)

  // forge signatures must verify with OpenSSL, and the other way round (checked in verify rows)
  const check = forgeSign(bytes[0])
  if (!cryptoVerify(digest, bytes[0], nodeOptions(alg, publicKey), check)) throw new Error(`forge ${alg} signature did not verify with OpenSSL`)

  rows.push(measure(alg, 'sign', 'openssl', N, (i) => void cryptoSign(digest, bytes[i], nodeOptions(alg, privateKey))))
  rows.push(measure(alg, 'sign', 'forge', FORGE_N, (i) => void forgeSign(bytes[i])))
  rows.push(measure(alg, 'verify', 'openssl', N, (i) => {
    if (!cryptoVerify(digest, bytes[i], nodeOptions(alg, publicKey), sigs[i])) throw new Error('verify failed')
  }))
  rows.push(measure(alg, 'verify', 'forge', FORGE_N, (i) => {
    if (!forgeVerify(bytes[i], sigs[i])) throw new Error('forge verify failed')
  }))
  rows.push(measure(alg, 'signLicense', 'openssl', N, (i) => void signLicense(payloads[i], key)))
  rows.push(measure(alg, 'verifyLicense', 'openssl', N, (i) => {
    if (!verifyLicense(files[i], keys, { now: new Date(payloads[i].issuedAt) }).ok) throw new Error('verify failed')
  }))
  rows.push(measure(alg, 'verifyLicense', 'forge', FORGE_N, (i) => {
    if (!verifyLicenseWithForge(files[i], keys, { now: new Date(payloads[i].issuedAt) }).ok) throw new Error('forge verify failed')
  }))

  const certificate = certifySigningKey(makeCertificationRequest(key, new Date(Date.UTC(2025, 0, 1))), root)
  const payloadsV2 = payloads.map((p) => buildLicensePayloadV2({ ...p, maintenanceUntil: null }))
  const filesV2 = payloadsV2.map((p) => signLicenseV2(p, key, { certificate, revocationList }).text)
  rows.push(measure(alg, 'signLicenseV2', 'openssl', N, (i) => void signLicenseV2(payloadsV2[i], key, { certificate, revocationList })))
  rows.push(measure(alg, 'verifyLicenseV2', 'openssl', N, (i) => {
    if (!verifyLicenseV2(filesV2[i], roots, null, { now: new Date(payloadsV2[i].issuedAt) }).ok) throw new Error('verify failed')
  }))
  rows.push(measure(alg, 'verifyLicenseV2', 'forge', FORGE_N, (i) => {
    if (!verifyLicenseV2WithForge(filesV2[i], roots, null, { now: new Date(payloadsV2[i].issuedAt) }).ok) throw new Error('forge verify failed')
  }))
}

// --- report ---------------------------------------------------------------------------------
const commit = shortCommit()
const require = createRequire(import.meta.url)
const forgeVersion = (require('node-forge/package.json') as { version: string }).version
const cpus = os.cpus()
console.log(`# License signing benchmark`)
console.log(`commit ${commit} | node ${process.version} | OpenSSL ${process.versions.openssl} | node-forge ${forgeVersion}`)
console.log(`cpus ${cpus.length} x ${cpus[0]?.model ?? 'unknown'} | n ${N} | forge n ${FORGE_N}`)
console.log()
const header = ['alg', 'operation', 'impl', 'n', 'ops/s', 'p50 ms', 'p99 ms', 'OpenSSL/forge']
const table = rows.map((r) => {
  const twin = rows.find((o) => o.alg === r.alg && o.op === r.op && o.impl !== r.impl)
  const ratio = r.impl === 'openssl' && twin ? `${(r.opsPerSec / twin.opsPerSec).toFixed(1)}x` : ''
  return [r.alg, r.op, r.impl, String(r.n), r.opsPerSec.toFixed(r.opsPerSec < 100 ? 1 : 0), r.p50.toFixed(3), r.p99.toFixed(3), ratio]
})
const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i].length)))
const line = (cells: string[]) => '| ' + cells.map((c, i) => (i >= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join(' | ') + ' |'
console.log(line(header))
console.log('| ' + widths.map((w, i) => (i >= 3 ? '-'.repeat(w - 1) + ':' : '-'.repeat(w))).join(' | ') + ' |')
for (const row of table) console.log(line(row))
console.log()
console.log('sign/verify: bare signature operation over the payload bytes, keys parsed once.')
console.log('signLicense/verifyLicense: library calls end to end (signLicense includes its self-check with node:crypto).')
console.log('Ratio = OpenSSL ops/s divided by forge ops/s.')
console.log('signLicenseV2/verifyLicenseV2: format 2 (certificate and revocation list in every file; verifyLicenseV2 also checks both against the root).')
for (const alg of ['ed25519', 'rsa-pss-sha256'] as LicenseAlg[]) {
  const v1 = rows.find((r) => r.alg === alg && r.op === 'signLicense')
  const v2 = rows.find((r) => r.alg === alg && r.op === 'signLicenseV2')
  if (v1 && v2) console.log(`${alg}: signLicenseV2 takes ${((v1.opsPerSec / v2.opsPerSec) * 100).toFixed(0)} % of signLicense's time per license (p50 ${v2.p50.toFixed(3)} vs ${v1.p50.toFixed(3)} ms).`)
}
