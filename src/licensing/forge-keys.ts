/**
 * Reading SPKI PEM public keys with node-forge only (device side; no node:crypto). forge reads
 * RSA SPKI itself; for Ed25519 the 32-byte key is taken out of the DER with forge.asn1.
 */
import forge from 'node-forge'
import { KID_PREFIX, type LicenseAlg } from './algorithms'

const OID_ED25519 = '1.3.101.112'
const OID_RSA_ENCRYPTION = '1.2.840.113549.1.1.1'

export type ForgePublicKey =
  | { alg: 'ed25519'; der: string; key: Uint8Array }
  | { alg: 'rsa-pss-sha256'; der: string; key: forge.pki.rsa.PublicKey }

/** Binary string (forge's byte representation) of a Uint8Array. */
export function toBinaryString(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}

function fail(message: string): never {
  throw new Error(message)
}

/** Parses an SPKI PEM ("-----BEGIN PUBLIC KEY-----") into an Ed25519 or RSA public key. */
export function readPublicKeyPemWithForge(pem: string): ForgePublicKey {
  let der: string
  try {
    const blocks = forge.pem.decode(pem)
    const block = blocks.find((b) => b.type === 'PUBLIC KEY')
    if (!block) fail('missing')
    der = block.body
  } catch {
    return fail('The public key is not an SPKI PEM block (-----BEGIN PUBLIC KEY-----).')
  }
  let spki: forge.asn1.Asn1
  try {
    // @types/node-forge declares fromDer without its options object (strict, parseAllBytes, decodeBitStrings).
    const fromDer = forge.asn1.fromDer as unknown as (
      bytes: string,
      options: { strict: boolean; parseAllBytes: boolean; decodeBitStrings: boolean },
    ) => forge.asn1.Asn1
    spki = fromDer(der, { strict: true, parseAllBytes: true, decodeBitStrings: false })
  } catch {
    return fail('The public key is not valid DER.')
  }
  const parts = spki.value
  const algId = Array.isArray(parts) ? parts[0] : undefined
  const bitString = Array.isArray(parts) ? parts[1] : undefined
  if (
    !Array.isArray(parts) ||
    parts.length !== 2 ||
    spki.type !== forge.asn1.Type.SEQUENCE ||
    !algId ||
    algId.type !== forge.asn1.Type.SEQUENCE ||
    !Array.isArray(algId.value) ||
    algId.value.length < 1 ||
    algId.value[0].type !== forge.asn1.Type.OID ||
    typeof algId.value[0].value !== 'string' ||
    !bitString ||
    bitString.type !== forge.asn1.Type.BITSTRING ||
    typeof bitString.value !== 'string'
  ) {
    return fail('The public key is not a SubjectPublicKeyInfo structure.')
  }
  const oid = forge.asn1.derToOid(algId.value[0].value)
  if (oid === OID_ED25519) {
    const bits = bitString.value
    if (algId.value.length !== 1 || bits.length !== 33 || bits.charCodeAt(0) !== 0) {
      return fail('The Ed25519 public key is malformed (expected 32 key bytes).')
    }
    return { alg: 'ed25519', der, key: Uint8Array.from(Buffer.from(bits.slice(1), 'latin1')) }
  }
  if (oid === OID_RSA_ENCRYPTION) {
    try {
      return { alg: 'rsa-pss-sha256', der, key: forge.pki.publicKeyFromPem(pem) as forge.pki.rsa.PublicKey }
    } catch {
      return fail('The RSA public key is malformed.')
    }
  }
  return fail(`The public key has algorithm ${oid}, which is neither Ed25519 nor RSA.`)
}

/** Same kid as keys.ts kidForPublicKey, computed with forge's SHA-256. */
export function kidForForgePublicKey(alg: LicenseAlg, key: ForgePublicKey): string {
  return `${KID_PREFIX[alg]}-${forge.md.sha256.create().update(key.der).digest().toHex().slice(0, 16)}`
}
