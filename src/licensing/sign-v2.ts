/**
 * Issuing format 2 licenses (server side, node:crypto). The signing key's certificate and the
 * newest revocation list travel inside every license, so controllers learn both from it.
 * Certificates and lists are parsed and checked once and cached; each call then costs about as
 * much as signLicense (format 1).
 */
import { createHash, type KeyObject } from 'node:crypto'
import { isLicenseAlg, type LicenseAlg } from './algorithms'
import { coversIssuedAt, describeValidity, readCertificatePayload, type SigningKeyCertificate } from './certificate'
import { certifiedKey, checkCertificate, checkRevocationList, type RootPublicKey } from './document-verify'
import { strictBase64 } from './license-file'
import { armorLicenseEnvelope, licenseEnvelopeV2Bytes, readLicenseArmor } from './license-file-v2'
import { licensePayloadV2Problem, serializeLicensePayloadV2, type LicensePayloadV2 } from './license-payload-v2'
import { nodeSuite } from './node-suite'
import { readRevocationListPayload, type RevocationList } from './revocation-list'
import { preparedKey, signBytes, type LicenseSigningKey } from './sign'
import { checkPayloadType, documentBytes, parseEnvelope, SignedDocumentError, type DocumentType } from './signed-envelope'
import { checkAgainstCertificate } from './verify-v2-common'

export interface SignLicenseV2Options {
  /** The signing key's certificate: envelope bytes, their base64, or the armored certificate file. */
  certificate: Uint8Array | string
  /** The newest revocation list (same forms), or null when none was ever published. */
  revocationList: Uint8Array | string | null
  /**
   * When given, the certificate and the list must verify with these roots (checked once per
   * certificate or list, then cached). Uploads are normally checked with verifyCertificate /
   * verifyRevocationList already.
   */
  roots?: readonly RootPublicKey[]
}

interface PreparedCertificate {
  certificate: SigningKeyCertificate
  /** The certified public key, and its SPKI DER. */
  key: KeyObject
  der: Buffer
}

interface PreparedRevocationList {
  list: RevocationList
}

/** Checked certificates and lists by the roots they were checked with ('' = none) and their base64. */
const certificates = new Map<string, Map<string, PreparedCertificate>>()
const revocationLists = new Map<string, Map<string, PreparedRevocationList>>()

function cached<T>(cache: Map<string, Map<string, T>>, group: string, key: string): T | undefined {
  return cache.get(group)?.get(key)
}

function remember<T>(cache: Map<string, Map<string, T>>, group: string, key: string, value: T): void {
  let entries = cache.get(group)
  if (!entries) {
    if (cache.size >= 16) cache.clear()
    entries = new Map()
    cache.set(group, entries)
  }
  if (entries.size >= 16) entries.clear()
  entries.set(key, value)
}

/** The base64 of a document's envelope bytes, however it was given. */
function base64Of(input: Uint8Array | string, type: DocumentType): string {
  if (input instanceof Uint8Array) return Buffer.from(input).toString('base64')
  if (typeof input === 'string' && input.includes('-----BEGIN')) {
    try {
      return documentBytes(input, type).toString('base64')
    } catch (err) {
      return cannotUse(type === 'signing-key' ? 'certificate' : 'revocation list', err)
    }
  }
  return typeof input === 'string' ? input.replace(/\s+/g, '') : ''
}

function rootsKey(roots: readonly RootPublicKey[] | undefined): string {
  return roots ? roots.map((r) => r.kid).join(',') : ''
}

function cannotUse(what: string, err: unknown): never {
  if (err instanceof SignedDocumentError) throw new Error(`The ${what} cannot be used: ${err.message}`)
  throw err
}

function notForKey(c: SigningKeyCertificate, key: { kid: string; alg: LicenseAlg }): Error {
  return new Error(`The certificate is for key ${c.kid} (${c.alg}), not for signing key ${key.kid} (${key.alg}).`)
}

function preparedCertificate(crt: string, key: { kid: string; alg: LicenseAlg }, publicKeyDer: Buffer, roots: readonly RootPublicKey[] | undefined): PreparedCertificate {
  const group = rootsKey(roots)
  const hit = cached(certificates, group, crt)
  if (hit) {
    if (!hit.der.equals(publicKeyDer) || hit.certificate.alg !== key.alg) throw notForKey(hit.certificate, key)
    return hit
  }
  const bytes = strictBase64(crt)
  if (!bytes) throw new Error('The certificate cannot be used: it is not valid base64.')
  let entry: PreparedCertificate
  try {
    if (roots) {
      const checked = checkCertificate(nodeSuite, bytes, roots)
      entry = { certificate: checked.certificate, key: checked.key, der: Buffer.from(checked.certificate.publicKey, 'base64') }
    } else {
      const parsed = parseEnvelope(bytes, 'signing-key')
      checkPayloadType(parsed.payloadBytes, 'signing-key')
      const read = readCertificatePayload(parsed.payloadBytes)
      if ('problem' in read) throw new SignedDocumentError('payload', read.problem)
      entry = { certificate: read.certificate, key: certifiedKey(nodeSuite, read.certificate), der: Buffer.from(read.certificate.publicKey, 'base64') }
    }
  } catch (err) {
    return cannotUse('certificate', err)
  }
  if (entry.certificate.kid !== key.kid || entry.certificate.alg !== key.alg || !entry.der.equals(publicKeyDer)) throw notForKey(entry.certificate, key)
  remember(certificates, group, crt, entry)
  return entry
}

function preparedRevocationList(crl: string, roots: readonly RootPublicKey[] | undefined): PreparedRevocationList {
  const group = rootsKey(roots)
  const hit = cached(revocationLists, group, crl)
  if (hit) return hit
  const bytes = strictBase64(crl)
  if (!bytes) throw new Error('The revocation list cannot be used: it is not valid base64.')
  let entry: PreparedRevocationList
  try {
    if (roots) {
      entry = { list: checkRevocationList(nodeSuite, bytes, roots).revocationList }
    } else {
      const parsed = parseEnvelope(bytes, 'revocations')
      checkPayloadType(parsed.payloadBytes, 'revocations')
      const read = readRevocationListPayload(parsed.payloadBytes)
      if ('problem' in read) throw new SignedDocumentError('payload', read.problem)
      entry = { list: read.revocationList }
    }
  } catch (err) {
    return cannotUse('revocation list', err)
  }
  remember(revocationLists, group, crl, entry)
  return entry
}

/** SPKI DER of each signing key's public key, by its PEM. */
const publicDer = new Map<string, Buffer>()

function publicKeyDer(pem: string): Buffer {
  const hit = publicDer.get(pem)
  if (hit) return hit
  const der = nodeSuite.publicKeyFromPem(pem).export({ type: 'spki', format: 'der' })
  if (publicDer.size >= 16) publicDer.clear()
  publicDer.set(pem, der)
  return der
}

/**
 * Null when `certificate` (as verifyCertificate returns it) certifies exactly this signing key
 * (same kid, alg and public key), otherwise a sentence: how the server checks that an uploaded
 * certificate is for its pending key.
 */
export function certificateKeyProblem(certificate: SigningKeyCertificate, key: { kid: string; alg: LicenseAlg; publicKeyPem: string }): string | null {
  let der: Buffer
  try {
    der = publicKeyDer(key.publicKeyPem)
  } catch {
    return `The public key of signing key ${key.kid} is not a valid PEM public key.`
  }
  const same = certificate.kid === key.kid && certificate.alg === key.alg && Buffer.from(certificate.publicKey, 'base64').equals(der)
  return same ? null : notForKey(certificate, key).message
}

/**
 * Signs a format 2 payload; returns the license file text and the SHA-256 (hex) of that text.
 * Refuses (Error) a certificate that is not for this key, an issuedAt outside the certificate's
 * validity and a revocation list that revokes this key — licenses every controller would refuse.
 * Before returning, the finished file is checked with node:crypto against the certificate's key.
 * Errors never contain key material.
 */
export function signLicenseV2(payload: LicensePayloadV2, key: LicenseSigningKey, options: SignLicenseV2Options): { text: string; sha256: string } {
  const problem = licensePayloadV2Problem(payload)
  if (problem) throw new RangeError(problem)
  if (!isLicenseAlg(key.alg)) throw new RangeError(`Unknown license algorithm ${JSON.stringify(key.alg)}.`)
  const { privateKey, kid, publicKeyPem } = preparedKey(key)
  const crt = base64Of(options.certificate, 'signing-key')
  const { certificate, key: certifiedPublicKey } = preparedCertificate(crt, { kid, alg: key.alg }, publicKeyDer(publicKeyPem), options.roots)
  if (!coversIssuedAt(certificate, payload.issuedAt)) {
    throw new Error(`The license would be issued at ${payload.issuedAt}, outside the validity of the certificate of key ${kid} (${describeValidity(certificate)}).`)
  }
  const crl = options.revocationList === null ? null : base64Of(options.revocationList, 'revocations')
  if (crl !== null) {
    const { list } = preparedRevocationList(crl, options.roots)
    if (list.revoked.includes(kid)) throw new Error(`Signing key ${kid} is revoked by revocation list ${list.number}; controllers would refuse its licenses.`)
  }

  const bytes = serializeLicensePayloadV2(payload)
  const signature = signBytes(key.alg, bytes, privateKey)
  const envelope = { alg: key.alg, kid, enc: bytes.toString('base64'), sig: signature.toString('base64'), crt, crl }
  const envelopeBytes = licenseEnvelopeV2Bytes(envelope)
  const text = armorLicenseEnvelope(envelopeBytes)

  // A cheap self-check with OpenSSL (the roots are not needed): the armor reads back to exactly
  // the canonical envelope, whose signature verifies with the certificate's key and whose payload
  // reads back as a canonical version 2 payload within the certificate's validity. The
  // certificate and list were checked when they were first seen. Parsing the envelope JSON again
  // would only re-check JSON.stringify; the tests verify issued files with both full verifiers
  // and the openssl CLI.
  if (!readLicenseArmor(text).equals(envelopeBytes)) throw new Error('The new license did not pass verification: its armor does not read back.')
  const check = checkAgainstCertificate(nodeSuite, { envelope, payloadBytes: bytes, signature }, certificate, certifiedPublicKey)
  if ('code' in check) throw new Error(`The new license did not pass verification: ${check.reason}`)
  return { text, sha256: createHash('sha256').update(text, 'utf8').digest('hex') }
}
