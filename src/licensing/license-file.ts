/**
 * License file, version 1: an armored base64 envelope {"alg","kid","enc","sig"} whose `enc` holds
 * the payload bytes and `sig` the signature over exactly those bytes. No cryptography here, so the
 * node:crypto and node-forge verifiers share this parser.
 */
import { isLicenseAlg, type LicenseAlg } from './algorithms'
import { licensePayloadProblem, serializeLicensePayload, type LicensePayload } from './license-payload'

export const LICENSE_BEGIN = '-----BEGIN PUMOTIX LICENSE-----'
export const LICENSE_END = '-----END PUMOTIX LICENSE-----'
const LINE_WIDTH = 64

export interface LicenseEnvelope {
  alg: LicenseAlg
  kid: string
  /** base64 of the payload bytes */
  enc: string
  /** base64 of the signature */
  sig: string
}

/** A license file that cannot be read; the message says why, in words meant for people. */
export class LicenseFormatError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LicenseFormatError'
  }
}

/** Decodes canonical base64 (standard alphabet, with padding); null if `text` is not that. */
export function strictBase64(text: string): Buffer | null {
  if (typeof text !== 'string' || text.length === 0 || text.length % 4 !== 0) return null
  // Buffer.from skips characters outside the alphabet and also reads the URL-safe one; the
  // comparison with the canonical re-encoding refuses all of that, and anything it accepts is in
  // the standard alphabet with correct padding.
  const bytes = Buffer.from(text, 'base64')
  return bytes.toString('base64') === text ? bytes : null
}

/** The armored file text for an envelope (trailing newline included). */
export function formatLicenseFile(envelope: LicenseEnvelope): string {
  const json = JSON.stringify({ alg: envelope.alg, kid: envelope.kid, enc: envelope.enc, sig: envelope.sig })
  const b64 = Buffer.from(json, 'utf8').toString('base64')
  const lines = b64.match(new RegExp(`.{1,${LINE_WIDTH}}`, 'g')) ?? []
  return [LICENSE_BEGIN, ...lines, LICENSE_END].join('\n') + '\n'
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

export function parseJson(bytes: Uint8Array): unknown {
  try {
    return JSON.parse(utf8.decode(bytes))
  } catch {
    return undefined
  }
}

export interface ParsedEnvelope {
  envelope: LicenseEnvelope
  payloadBytes: Buffer
  signature: Buffer
}

/**
 * Reads the armor and the envelope, without looking inside the payload (verifiers check the
 * signature before they trust the payload). Text outside the BEGIN/END lines is ignored.
 */
export function parseLicenseEnvelope(text: string): ParsedEnvelope {
  if (typeof text !== 'string' || text.trim() === '') throw new LicenseFormatError('The license file is empty.')
  const begin = text.indexOf(LICENSE_BEGIN)
  if (begin < 0) {
    throw new LicenseFormatError(`This is not a PUMOTIX license file: the line ${LICENSE_BEGIN} is missing.`)
  }
  const end = text.indexOf(LICENSE_END, begin)
  if (end < 0) {
    throw new LicenseFormatError(`The license file is incomplete: the line ${LICENSE_END} is missing.`)
  }
  const b64 = text.slice(begin + LICENSE_BEGIN.length, end).replace(/\s+/g, '')
  if (b64 === '') throw new LicenseFormatError('The license file has nothing between its BEGIN and END lines.')
  const envelopeBytes = strictBase64(b64)
  if (!envelopeBytes) {
    throw new LicenseFormatError('The license file is damaged: the text between the BEGIN and END lines is not valid base64.')
  }
  const env = parseJson(envelopeBytes)
  if (typeof env !== 'object' || env === null || Array.isArray(env)) {
    throw new LicenseFormatError('The license file is damaged: its content is not a JSON object.')
  }
  const e = env as Record<string, unknown>
  const keys = Object.keys(e)
  const expected = ['alg', 'kid', 'enc', 'sig']
  if (keys.length !== expected.length || !expected.every((k) => keys.includes(k))) {
    throw new LicenseFormatError('The license file is damaged: it must contain exactly the fields alg, kid, enc and sig.')
  }
  if (!expected.every((k) => typeof e[k] === 'string')) {
    throw new LicenseFormatError('The license file is damaged: alg, kid, enc and sig must be strings.')
  }
  if (!isLicenseAlg(e.alg)) {
    throw new LicenseFormatError(`The license uses the signature algorithm ${JSON.stringify(e.alg)}, which is not supported (ed25519 or rsa-pss-sha256).`)
  }
  if ((e.kid as string).length === 0) throw new LicenseFormatError('The license file does not name its signing key (kid is empty).')
  const payloadBytes = strictBase64(e.enc as string)
  if (!payloadBytes) throw new LicenseFormatError('The license file is damaged: the payload (enc) is not valid base64.')
  const signature = strictBase64(e.sig as string)
  if (!signature) throw new LicenseFormatError('The license file is damaged: the signature (sig) is not valid base64.')
  return {
    envelope: { alg: e.alg, kid: e.kid as string, enc: e.enc as string, sig: e.sig as string },
    payloadBytes,
    signature,
  }
}

/**
 * Reads payload bytes as a version 1 payload. Returns the payload or a sentence saying what is
 * wrong (also when the bytes are valid JSON but not in canonical form).
 */
export function readLicensePayload(payloadBytes: Uint8Array): { payload: LicensePayload } | { problem: string } {
  const value = parseJson(payloadBytes)
  if (value === undefined) return { problem: 'The license payload is not valid UTF-8 JSON.' }
  const problem = licensePayloadProblem(value)
  if (problem) return { problem }
  const payload = value as LicensePayload
  if (!serializeLicensePayload(payload).equals(Buffer.from(payloadBytes))) {
    return { problem: 'The license payload is not in canonical form (key order or spacing differs).' }
  }
  return { payload }
}

/**
 * Parses a license file completely (armor, envelope, payload schema) without checking the
 * signature. Throws LicenseFormatError.
 */
export function parseLicenseFile(text: string): ParsedEnvelope & { payload: LicensePayload } {
  const parsed = parseLicenseEnvelope(text)
  const result = readLicensePayload(parsed.payloadBytes)
  if ('problem' in result) throw new LicenseFormatError(result.problem)
  return { ...parsed, payload: result.payload }
}
