/**
 * Writes the committed test vectors in test/vectors/. Run from the repository root:
 *   node --import tsx test/vectors/generate.ts
 * Tests read the committed output and never call this script.
 *
 * The key pairs in keys/ are TEST ONLY: they are public in this repository and must never sign a
 * real license. They are created once, when missing, and reused afterwards. Ed25519 signatures
 * are deterministic, so re-running reproduces the Ed25519 licenses byte for byte; RSA-PSS
 * signatures are randomized, so an existing RSA license is kept while it still verifies for the
 * same payload.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  buildLicensePayload,
  crc32,
  crockfordEncode,
  encodeRequestCode,
  generateSigningKey,
  kidForPublicKey,
  parseLicenseFile,
  requestCodeBytes,
  serializeLicensePayload,
  signLicense,
  verifyLicense,
  type LicenseAlg,
  type LicensePayload,
  type PublicKeyInfo,
} from '@/licensing'
import { generateV2 } from './generate-v2'

const DIR = dirname(fileURLToPath(import.meta.url))
const WARNING = 'TEST ONLY: these keys are published in the repository and are not production keys. Never use them to sign real licenses.'
const CREATED_AT = '2026-01-01T00:00:00.000Z'
const ALGS: LicenseAlg[] = ['ed25519', 'rsa-pss-sha256']

function write(rel: string, content: string | Buffer): void {
  const path = join(DIR, rel)
  mkdirSync(dirname(path), { recursive: true })
  writeFileSync(path, content)
  console.log('wrote', rel)
}

// --- keys ---------------------------------------------------------------------------------
const keys = ALGS.map((alg) => {
  const priv = `keys/TEST-ONLY-${alg}.private.pem`
  const pub = `keys/TEST-ONLY-${alg}.public.pem`
  if (!existsSync(join(DIR, priv))) {
    const k = generateSigningKey(alg, new Date(CREATED_AT))
    write(priv, k.privateKeyPem)
    write(pub, k.publicKeyPem)
  }
  const publicKeyPem = readFileSync(join(DIR, pub), 'utf8')
  return {
    kid: kidForPublicKey(alg, publicKeyPem),
    alg,
    status: 'active' as const,
    createdAt: CREATED_AT,
    publicKeyPem,
    privateKeyPem: readFileSync(join(DIR, priv), 'utf8'),
  }
})
const publicKeys: PublicKeyInfo[] = keys.map((k) => ({ kid: k.kid, alg: k.alg, status: k.status, createdAt: k.createdAt, publicKey: k.publicKeyPem }))
// Same shape as GET /api/license-keys, plus a warning field that readers ignore.
write('keys/test-keys.json', JSON.stringify({ warning: WARNING, keys: publicKeys }, null, 2) + '\n')

// --- request codes ------------------------------------------------------------------------
const codes = [
  { name: 'typical', modelId: 42, serial: '123456', hardwareId: '00112233445566778899aabbccddeeff', sequence: 0, createdAt: '2026-01-01T00:00:00.000Z' },
  { name: 'renewal', modelId: 7, serial: '20250001', hardwareId: 'a3f94c0e5b7d21886e0f4d3c2b1a9087', sequence: 3, createdAt: '2026-03-14T15:09:26.000Z' },
  { name: 'all-zero', modelId: 0, serial: '0', hardwareId: '00000000000000000000000000000000', sequence: 0, createdAt: '1970-01-01T00:00:00.000Z' },
  { name: 'all-max', modelId: 65535, serial: '4294967295', hardwareId: 'ffffffffffffffffffffffffffffffff', sequence: 4294967295, createdAt: '2106-02-07T06:28:15.000Z' },
].map(({ name, ...fields }) => {
  const rc = { ...fields, createdAt: new Date(fields.createdAt) }
  return { name, fields, hex: Buffer.from(requestCodeBytes(rc)).toString('hex'), text: encodeRequestCode(rc) }
})
write('request-codes.json', JSON.stringify({ codes }, null, 2) + '\n')

// --- invalid request codes ----------------------------------------------------------------
function group(body: string): string {
  return 'PMX1-' + (body.match(/.{1,4}/g) ?? []).join('-')
}
const valid = codes[0].text
const body = valid.slice(5).replace(/-/g, '')
const v2 = requestCodeBytes({ ...codes[0].fields, createdAt: new Date(codes[0].fields.createdAt) })
v2[0] = 2
new DataView(v2.buffer).setUint32(31, crc32(v2.subarray(0, 31)))
const typo = body.slice(0, 20) + (body[20] === 'X' ? 'Y' : 'X') + body.slice(21)
const invalid = [
  { name: 'empty', text: '', reason: 'empty' },
  { name: 'only separators', text: ' - \n\t ', reason: 'empty' },
  { name: 'wrong prefix', text: 'ABC1-' + valid.slice(5), reason: 'prefix' },
  { name: 'prefix missing', text: valid.slice(5), reason: 'prefix' },
  { name: 'newer prefix', text: 'PMX2-' + valid.slice(5), reason: 'version' },
  { name: 'letter U', text: group(body.slice(0, 9) + 'U' + body.slice(10)), reason: 'character' },
  { name: 'one character missing', text: group(body.slice(0, 55)), reason: 'length' },
  { name: 'one character extra', text: group(body + '0'), reason: 'length' },
  { name: 'typo', text: group(typo), reason: 'checksum' },
  { name: 'version byte 2', text: group(crockfordEncode(v2)), reason: 'version' },
]
write('invalid-request-codes.json', JSON.stringify({ codes: invalid }, null, 2) + '\n')

// --- licenses -----------------------------------------------------------------------------
const base = { serial: codes[0].fields.serial, modelId: codes[0].fields.modelId, hardwareId: codes[0].fields.hardwareId, issuedAt: '2026-01-15T09:30:00.000Z' }
const licenses: { file: string; payloadFile: string; alg: LicenseAlg; kid: string; sha256: string; deterministic: boolean; payload: LicensePayload }[] = []
for (const k of keys) {
  const variants = [
    { name: 'perpetual', payload: buildLicensePayload({ ...base, licenseId: 'TEST-0001', options: ['MODBUS', 'CANOPEN'], sequence: 1 }) },
    { name: 'expiring', payload: buildLicensePayload({ ...base, licenseId: 'TEST-0002', options: [], sequence: 2, expiresAt: '2027-01-15T09:30:00.000Z' }) },
  ]
  for (const { name, payload } of variants) {
    const file = `licenses/${k.alg}-${name}.lic`
    const payloadFile = `licenses/${k.alg}-${name}.payload.json`
    const bytes = serializeLicensePayload(payload)
    let text: string | null = null
    if (k.alg !== 'ed25519' && existsSync(join(DIR, file))) {
      const old = readFileSync(join(DIR, file), 'utf8')
      const ok = verifyLicense(old, publicKeys, { now: new Date(base.issuedAt) }).ok && parseLicenseFile(old).payloadBytes.equals(bytes)
      if (ok) text = old
    }
    text ??= signLicense(payload, k).text
    write(file, text)
    write(payloadFile, bytes)
    const { createHash } = await import('node:crypto')
    licenses.push({ file, payloadFile, alg: k.alg, kid: k.kid, sha256: createHash('sha256').update(text).digest('hex'), deterministic: k.alg === 'ed25519', payload })
  }
}
write('licenses.json', JSON.stringify({ licenses }, null, 2) + '\n')

// --- format 2 (generate-v2.ts) ------------------------------------------------------------
const readmeV2 = generateV2(DIR, write, WARNING, keys)
write(
  'README.md',
  `# Licensing test vectors

**${WARNING}**

Written by \`node --import tsx test/vectors/generate.ts\`; tests in \`test/licensing/\` read these
committed files and never regenerate them.

- \`keys/TEST-ONLY-<alg>.private.pem\` / \`.public.pem\`: fixed test key pairs (PKCS#8 / SPKI PEM).
- \`keys/test-keys.json\`: the public keys in the \`GET /api/license-keys\` response shape.
- \`request-codes.json\`: request codes: fields, the 35 bytes in hex, the text form.
- \`invalid-request-codes.json\`: texts the parser must reject, with the expected reason.
- \`licenses.json\`: index of the license files in \`licenses/\` with kid, alg, SHA-256 of the file
  text and the expected payload. \`*.payload.json\` are the exact signed payload bytes.
  Ed25519 signatures are deterministic (byte-compared); RSA-PSS signatures are randomized (only
  verified).
${readmeV2}`,
)
