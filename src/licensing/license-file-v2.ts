/**
 * License file, format 2: the format 1 armor around the envelope
 * {"alg","kid","enc","sig","crt","crl"}, where `crt` is the base64 of the signing key's
 * certificate envelope and `crl` the base64 of the newest revocation list envelope (or null).
 * No cryptography here, so the node:crypto and node-forge verifiers share this parser.
 */
import { isLicenseAlg, type LicenseAlg } from './algorithms'
import { LICENSE_BEGIN, LICENSE_END, LicenseFormatError, parseJson, strictBase64 } from './license-file'
import { licensePayloadV2Problem, serializeLicensePayloadV2, type LicensePayloadV2 } from './license-payload-v2'

const LINE_WIDTH = 64
const V1_KEYS = ['alg', 'kid', 'enc', 'sig']
const V2_KEYS = ['alg', 'kid', 'enc', 'sig', 'crt', 'crl']

export interface LicenseEnvelopeV2 {
  alg: LicenseAlg
  kid: string
  /** base64 of the payload bytes */
  enc: string
  /** base64 of the signature over those bytes */
  sig: string
  /** base64 of the signing-key certificate's envelope bytes */
  crt: string
  /** base64 of the newest revocation list's envelope bytes, or null when none was ever published */
  crl: string | null
}

export interface ParsedLicenseV2 {
  envelope: LicenseEnvelopeV2
  payloadBytes: Buffer
  signature: Buffer
  certificateBytes: Buffer
  revocationListBytes: Buffer | null
}

function envelopeJson(e: LicenseEnvelopeV2): string {
  return JSON.stringify({ alg: e.alg, kid: e.kid, enc: e.enc, sig: e.sig, crt: e.crt, crl: e.crl })
}

/** The canonical envelope bytes (UTF-8 JSON, keys in the fixed order). */
export function licenseEnvelopeV2Bytes(envelope: LicenseEnvelopeV2): Buffer {
  return Buffer.from(envelopeJson(envelope), 'utf8')
}

/** The armored file text for a format 2 envelope (trailing newline included). */
export function formatLicenseFileV2(envelope: LicenseEnvelopeV2): string {
  return armorLicenseEnvelope(licenseEnvelopeV2Bytes(envelope))
}

/** The armored file text around envelope bytes: BEGIN line, base64 in 64-character lines, END line. */
export function armorLicenseEnvelope(bytes: Buffer): string {
  const b64 = bytes.toString('base64')
  let text = LICENSE_BEGIN + '\n'
  for (let i = 0; i < b64.length; i += LINE_WIDTH) text += b64.slice(i, i + LINE_WIDTH) + '\n'
  return text + LICENSE_END + '\n'
}

/** `text` without white space; files written by formatLicenseFileV2 only have line feeds, removed fastest by split/join. */
function withoutWhiteSpace(text: string): string {
  const joined = text.split('\n').join('')
  return /\s/.test(joined) ? joined.replace(/\s+/g, '') : joined
}

/** The envelope bytes inside the armor (same rules and messages as format 1). Throws LicenseFormatError. */
export function readLicenseArmor(text: string): Buffer {
  if (typeof text !== 'string' || text.trim() === '') throw new LicenseFormatError('The license file is empty.')
  const begin = text.indexOf(LICENSE_BEGIN)
  if (begin < 0) throw new LicenseFormatError(`This is not a PUMOTIX license file: the line ${LICENSE_BEGIN} is missing.`)
  const end = text.indexOf(LICENSE_END, begin)
  if (end < 0) throw new LicenseFormatError(`The license file is incomplete: the line ${LICENSE_END} is missing.`)
  const b64 = withoutWhiteSpace(text.slice(begin + LICENSE_BEGIN.length, end))
  if (b64 === '') throw new LicenseFormatError('The license file has nothing between its BEGIN and END lines.')
  const bytes = strictBase64(b64)
  if (!bytes) throw new LicenseFormatError('The license file is damaged: the text between the BEGIN and END lines is not valid base64.')
  return bytes
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

/** The envelope's JSON text and the object it holds. */
function envelopeObject(bytes: Buffer): { json: string; e: Record<string, unknown> } {
  let json = ''
  let value: unknown
  try {
    json = utf8.decode(bytes)
    value = JSON.parse(json)
  } catch {
    value = undefined
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new LicenseFormatError('The license file is damaged: its content is not a JSON object.')
  }
  return { json, e: { ...value } }
}

function hasExactly(keys: string[], expected: string[]): boolean {
  return keys.length === expected.length && expected.every((k) => keys.includes(k))
}

/** 1 or 2 when `text` is a readable license file of that format (by its envelope's members), else null. */
export function licenseFileVersion(text: string): 1 | 2 | null {
  try {
    const keys = Object.keys(envelopeObject(readLicenseArmor(text)).e)
    return hasExactly(keys, V1_KEYS) ? 1 : hasExactly(keys, V2_KEYS) ? 2 : null
  } catch {
    return null
  }
}

/**
 * Reads the armor and the format 2 envelope, without looking inside the payload, certificate
 * or revocation list. Throws LicenseFormatError.
 */
export function parseLicenseEnvelopeV2(text: string): ParsedLicenseV2 {
  const bytes = readLicenseArmor(text)
  const { json, e } = envelopeObject(bytes)
  const keys = Object.keys(e)
  if (hasExactly(keys, V1_KEYS)) {
    throw new LicenseFormatError('This is a format 1 license file (it carries no certificate); check it with the license keys (format 1 verification), not with root keys.')
  }
  if (!hasExactly(keys, V2_KEYS)) {
    throw new LicenseFormatError('The license file is damaged: a format 2 license must contain exactly the fields alg, kid, enc, sig, crt and crl.')
  }
  const { alg, kid, enc, sig, crt, crl } = e
  if (typeof alg !== 'string' || typeof kid !== 'string' || typeof enc !== 'string' || typeof sig !== 'string' || typeof crt !== 'string') {
    throw new LicenseFormatError('The license file is damaged: alg, kid, enc, sig and crt must be strings.')
  }
  if (crl !== null && typeof crl !== 'string') throw new LicenseFormatError('The license file is damaged: crl must be a string or null.')
  if (!isLicenseAlg(alg)) {
    throw new LicenseFormatError(`The license uses the signature algorithm ${JSON.stringify(alg)}, which is not supported (ed25519 or rsa-pss-sha256).`)
  }
  if (kid.length === 0) throw new LicenseFormatError('The license file does not name its signing key (kid is empty).')
  const payloadBytes = strictBase64(enc)
  if (!payloadBytes) throw new LicenseFormatError('The license file is damaged: the payload (enc) is not valid base64.')
  const signature = strictBase64(sig)
  if (!signature) throw new LicenseFormatError('The license file is damaged: the signature (sig) is not valid base64.')
  const certificateBytes = strictBase64(crt)
  if (!certificateBytes) throw new LicenseFormatError('The license file is damaged: the certificate (crt) is not valid base64.')
  const revocationListBytes = crl === null ? null : strictBase64(crl)
  if (crl !== null && !revocationListBytes) throw new LicenseFormatError('The license file is damaged: the revocation list (crl) is not valid base64.')
  const envelope: LicenseEnvelopeV2 = { alg, kid, enc, sig, crt, crl }
  if (envelopeJson(envelope) !== json) {
    throw new LicenseFormatError('The license file is damaged: its envelope is not in canonical form (key order or spacing differs).')
  }
  return { envelope, payloadBytes, signature, certificateBytes, revocationListBytes }
}

/**
 * Reads payload bytes as a version 2 payload. Returns the payload or a sentence saying what is
 * wrong (also when the bytes are valid JSON but not in canonical form).
 */
export function readLicensePayloadV2(payloadBytes: Uint8Array): { payload: LicensePayloadV2 } | { problem: string } {
  const value: unknown = parseJson(payloadBytes)
  if (value === undefined) return { problem: 'The license payload is not valid UTF-8 JSON.' }
  const problem = licensePayloadV2Problem(value)
  if (problem) return { problem }
  // licensePayloadV2Problem has checked every member.
  const payload = value as LicensePayloadV2
  if (!serializeLicensePayloadV2(payload).equals(Buffer.from(payloadBytes))) {
    return { problem: 'The license payload is not in canonical form (key order or spacing differs).' }
  }
  return { payload }
}

/**
 * Parses a format 2 license file completely (armor, envelope, payload schema) without checking
 * any signature, certificate or revocation list. Throws LicenseFormatError.
 */
export function parseLicenseFileV2(text: string): ParsedLicenseV2 & { payload: LicensePayloadV2 } {
  const parsed = parseLicenseEnvelopeV2(text)
  const result = readLicensePayloadV2(parsed.payloadBytes)
  if ('problem' in result) throw new LicenseFormatError(result.problem)
  return { ...parsed, payload: result.payload }
}
