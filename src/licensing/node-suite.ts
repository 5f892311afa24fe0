/**
 * The node:crypto (OpenSSL) signature suite for format 2 documents and licenses: server side and
 * the offline key tool. Parsed keys and their key ids are cached, since a server checks every
 * license it issues against the same certificate key.
 */
import { createPublicKey, type KeyObject } from 'node:crypto'
import type { LicenseAlg } from './algorithms'
import type { SignatureSuite } from './document-verify'
import { keyTypeProblem, kidForKeyObject } from './keys'
import { nodeSignatureValid, parsedPublicKey } from './verify'

const fromDer = new Map<string, KeyObject>()
const kids = new WeakMap<KeyObject, Partial<Record<LicenseAlg, string>>>()

export const nodeSuite: SignatureSuite<KeyObject> = {
  publicKeyFromPem(pem) {
    const key = typeof pem === 'string' ? parsedPublicKey(pem) : null
    if (!key) throw new Error('The public key is not a valid SPKI PEM public key.')
    return key
  },
  publicKeyFromSpkiDer(der) {
    const cacheKey = der.toString('base64')
    const hit = fromDer.get(cacheKey)
    if (hit) return hit
    let key: KeyObject
    try {
      key = createPublicKey({ key: der, format: 'der', type: 'spki' })
    } catch {
      throw new Error('The public key is not SPKI DER.')
    }
    if (!key.export({ type: 'spki', format: 'der' }).equals(der)) throw new Error('The public key\'s DER is not in canonical form.')
    if (fromDer.size >= 64) fromDer.clear()
    fromDer.set(cacheKey, key)
    return key
  },
  keyProblem: keyTypeProblem,
  kid(alg, key) {
    const known = kids.get(key) ?? {}
    const kid = known[alg] ?? kidForKeyObject(alg, key)
    known[alg] = kid
    kids.set(key, known)
    return kid
  },
  verify: nodeSignatureValid,
}
