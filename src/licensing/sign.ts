/** Issuing licenses (server side, node:crypto). */
import { constants, createHash, createPrivateKey, createPublicKey, sign, type KeyObject } from 'node:crypto'
import { isLicenseAlg, RSA_PSS_SALT_LENGTH, type LicenseAlg } from './algorithms'
import { keyTypeProblem, kidForKeyObject, type PublicKeyInfo } from './keys'
import { formatLicenseFile } from './license-file'
import { licensePayloadProblem, serializeLicensePayload, type LicensePayload } from './license-payload'
import { verifyLicense } from './verify'

export interface LicenseSigningKey {
  kid: string
  alg: LicenseAlg
  privateKeyPem: string
}

export function signBytes(alg: LicenseAlg, bytes: Buffer, key: KeyObject): Buffer {
  return alg === 'ed25519'
    ? sign(null, bytes, key)
    : sign('sha256', bytes, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: RSA_PSS_SALT_LENGTH })
}

export interface PreparedKey {
  privateKey: KeyObject
  kid: string
  publicKeyPem: string
}

/** Parsed and checked keys by PEM: parsing and deriving the kid cost more than the signature itself. */
const prepared = new Map<string, PreparedKey>()

export function preparedKey(key: LicenseSigningKey): PreparedKey {
  const cacheKey = `${key.alg}\n${key.kid}\n${key.privateKeyPem}`
  const hit = prepared.get(cacheKey)
  if (hit) return hit
  let privateKey: KeyObject
  try {
    privateKey = createPrivateKey(key.privateKeyPem)
  } catch {
    throw new Error(`The private key of signing key ${key.kid} could not be read; it is not a valid PEM private key.`)
  }
  const typeProblem = keyTypeProblem(key.alg, privateKey)
  if (typeProblem) throw new Error(`Signing key ${key.kid} cannot sign ${key.alg} licenses: ${typeProblem}`)
  const publicKey = createPublicKey(privateKey)
  const kid = kidForKeyObject(key.alg, publicKey)
  if (kid !== key.kid) throw new Error(`The key id ${key.kid} does not belong to this private key (its id is ${kid}).`)
  if (prepared.size >= 16) prepared.clear()
  const entry = { privateKey, kid, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() }
  prepared.set(cacheKey, entry)
  return entry
}

/**
 * Signs a payload and returns the license file text and the SHA-256 (hex) of that text.
 * Checks the payload, that the private key suits `alg` and that `kid` is the key's derived id.
 * Before returning, the finished file is verified end to end with node:crypto; the tests check that
 * issued licenses also pass node-forge and the openssl CLI. Errors never contain key material.
 */
export function signLicense(payload: LicensePayload, key: LicenseSigningKey): { text: string; sha256: string } {
  const problem = licensePayloadProblem(payload)
  if (problem) throw new RangeError(problem)
  if (!isLicenseAlg(key.alg)) throw new RangeError(`Unknown license algorithm ${JSON.stringify(key.alg)}.`)
  const { privateKey, kid, publicKeyPem } = preparedKey(key)
  const bytes = serializeLicensePayload(payload)
  const signature = signBytes(key.alg, bytes, privateKey)
  const text = formatLicenseFile({ alg: key.alg, kid, enc: bytes.toString('base64'), sig: signature.toString('base64') })

  const self: PublicKeyInfo = {
    kid,
    alg: key.alg,
    status: 'active',
    createdAt: payload.issuedAt,
    publicKey: publicKeyPem,
  }
  const opts = { now: new Date(payload.issuedAt), hardwareId: payload.hardwareId }
  // A cheap self-check with OpenSSL (about 0.1 ms). node-forge, the device-side verifier, takes about
  // 10 ms and blocks the event loop, so it checks issued licenses in the tests, not on every request.
  const result = verifyLicense(text, [self], opts)
  if (!result.ok) throw new Error(`The new license did not pass verification: ${result.reason}`)
  return { text, sha256: createHash('sha256').update(text, 'utf8').digest('hex') }
}
