/**
 * The node-forge signature suite (pure JavaScript, no node:crypto) for format 2 on the device
 * side: an implementation independent of the OpenSSL that signed the documents.
 */
import forge from 'node-forge'
import { RSA_MIN_MODULUS_BITS } from './algorithms'
import type { SignatureSuite } from './document-verify'
import { kidForForgePublicKey, readPublicKeyPemWithForge, type ForgePublicKey } from './forge-keys'
import { forgeSignatureValid } from './forge-verify'

/** SPKI DER of every Ed25519 public key: this 12-byte header, then the 32 key bytes. */
const ED25519_SPKI_HEADER = '302a300506032b6570032100'

const fromPem = new Map<string, ForgePublicKey>()

function canonicalDer(key: ForgePublicKey): string {
  if (key.alg === 'ed25519') return Buffer.from(ED25519_SPKI_HEADER, 'hex').toString('latin1') + Buffer.from(key.key).toString('latin1')
  return forge.asn1.toDer(forge.pki.publicKeyToAsn1(key.key)).getBytes()
}

export const forgeSuite: SignatureSuite<ForgePublicKey> = {
  publicKeyFromPem(pem) {
    const hit = fromPem.get(pem)
    if (hit) return hit
    const key = readPublicKeyPemWithForge(pem)
    if (fromPem.size >= 64) fromPem.clear()
    fromPem.set(pem, key)
    return key
  },
  publicKeyFromSpkiDer(der) {
    const body = der.toString('latin1')
    const key = readPublicKeyPemWithForge(forge.pem.encode({ type: 'PUBLIC KEY', body }))
    if (canonicalDer(key) !== body) throw new Error('The public key\'s DER is not in canonical form.')
    return key
  },
  keyProblem(alg, key) {
    if (alg === 'ed25519') return key.alg === 'ed25519' ? null : 'The key type is rsa, not Ed25519.'
    if (key.alg !== 'rsa-pss-sha256') return `The key type is ${key.alg}, not RSA.`
    const bits = key.key.n.bitLength()
    return bits >= RSA_MIN_MODULUS_BITS ? null : `The RSA key has ${bits} bits; at least ${RSA_MIN_MODULUS_BITS} are required.`
  },
  kid: kidForForgePublicKey,
  verify(alg, key, bytes, signature) {
    return key.alg === alg && forgeSignatureValid(key, bytes, signature)
  },
}
