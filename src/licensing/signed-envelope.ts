/**
 * The signed envelope of format 2's documents — signing-key certificates, revocation lists and
 * certification requests — and the text armor of the files people move around. The envelope has
 * the format 1 form {"alg","kid","enc","sig"} in canonical JSON; the signature is over exactly
 * the bytes `enc` decodes to. No cryptography here: node:crypto and node-forge code share it.
 */
import { isLicenseAlg, type LicenseAlg } from './algorithms'
import { parseJson, strictBase64 } from './license-file'

/** Payload `type` of each document. */
export type DocumentType = 'signing-key' | 'revocations' | 'certification-request'

/** Why a document was refused (the order in which they are checked is in docs/license-format.md). */
export type DocumentFailureCode = 'format' | 'type' | 'unknown-root' | 'bad-root' | 'signature' | 'payload' | 'kid'

/** A certificate, revocation list or certification request that cannot be used; `message` is for people. */
export class SignedDocumentError extends Error {
  readonly code: DocumentFailureCode
  constructor(code: DocumentFailureCode, message: string) {
    super(message)
    this.name = 'SignedDocumentError'
    this.code = code
  }
}

export const DOCUMENT_NOUN: Record<DocumentType, string> = {
  'signing-key': 'signing-key certificate',
  revocations: 'revocation list',
  'certification-request': 'certification request',
}

/** Armor label per document: -----BEGIN PUMOTIX <label>-----. */
export const DOCUMENT_LABEL: Record<DocumentType, string> = {
  'signing-key': 'SIGNING KEY CERTIFICATE',
  revocations: 'REVOCATION LIST',
  'certification-request': 'CERTIFICATION REQUEST',
}

const LINE_WIDTH = 64

export interface Envelope {
  alg: LicenseAlg
  kid: string
  /** base64 of the payload bytes */
  enc: string
  /** base64 of the signature over those bytes */
  sig: string
}

export interface ParsedSignedEnvelope {
  envelope: Envelope
  payloadBytes: Buffer
  signature: Buffer
  /** The envelope bytes as read (canonical). */
  bytes: Buffer
}

/** Canonical envelope bytes for a signature over `payloadBytes`. */
export function envelopeBytes(alg: LicenseAlg, kid: string, payloadBytes: Uint8Array, signature: Uint8Array): Buffer {
  const envelope = { alg, kid, enc: Buffer.from(payloadBytes).toString('base64'), sig: Buffer.from(signature).toString('base64') }
  return Buffer.from(JSON.stringify(envelope), 'utf8')
}

function fail(code: DocumentFailureCode, message: string): never {
  throw new SignedDocumentError(code, message)
}

/** Reads envelope bytes; throws SignedDocumentError `format` naming the document. */
export function parseEnvelope(bytes: Buffer, type: DocumentType): ParsedSignedEnvelope {
  const noun = DOCUMENT_NOUN[type]
  const value = parseJson(bytes)
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('format', `The ${noun} is damaged: its content is not a JSON object.`)
  const e: Record<string, unknown> = { ...value }
  const keys = Object.keys(e)
  if (keys.length !== 4 || !['alg', 'kid', 'enc', 'sig'].every((k) => keys.includes(k))) {
    fail('format', `The ${noun} is damaged: it must contain exactly the fields alg, kid, enc and sig.`)
  }
  const { alg, kid, enc, sig } = e
  if (typeof alg !== 'string' || typeof kid !== 'string' || typeof enc !== 'string' || typeof sig !== 'string') {
    fail('format', `The ${noun} is damaged: alg, kid, enc and sig must be strings.`)
  }
  if (!isLicenseAlg(alg)) fail('format', `The ${noun} uses the signature algorithm ${JSON.stringify(alg)}, which is not supported (ed25519 or rsa-pss-sha256).`)
  if (kid.length === 0) fail('format', `The ${noun} does not name the key that signed it (kid is empty).`)
  const payloadBytes = strictBase64(enc)
  if (!payloadBytes) fail('format', `The ${noun} is damaged: its payload (enc) is not valid base64.`)
  const signature = strictBase64(sig)
  if (!signature) fail('format', `The ${noun} is damaged: its signature (sig) is not valid base64.`)
  if (!envelopeBytes(alg, kid, payloadBytes, signature).equals(bytes)) {
    fail('format', `The ${noun} is not in canonical form (key order or spacing of its JSON differs).`)
  }
  return { envelope: { alg, kid, enc, sig }, payloadBytes, signature, bytes }
}

/** The payload's `type` member when the payload is a JSON object that has one (read before any signature check, for messages only). */
export function peekPayloadType(payloadBytes: Uint8Array): string | undefined {
  const value = parseJson(payloadBytes)
  if (typeof value !== 'object' || value === null || Array.isArray(value) || !('type' in value)) return undefined
  return typeof value.type === 'string' ? value.type : undefined
}

/** Refuses a payload whose `type` says it is another document. */
export function checkPayloadType(payloadBytes: Uint8Array, type: DocumentType): void {
  const found = peekPayloadType(payloadBytes)
  if (found === undefined || found === type) return
  const other = (Object.keys(DOCUMENT_NOUN) as DocumentType[]).find((t) => t === found)
  fail('type', other ? `This is a ${DOCUMENT_NOUN[other]}, not a ${DOCUMENT_NOUN[type]}.` : `This is a document of type ${JSON.stringify(found)}, not a ${DOCUMENT_NOUN[type]}.`)
}

/** The armored text of a document: BEGIN line, base64 of the envelope bytes in 64-character lines, END line, newline. */
export function armorDocument(type: DocumentType, bytes: Uint8Array): string {
  const label = DOCUMENT_LABEL[type]
  const b64 = Buffer.from(bytes).toString('base64')
  const lines = b64.match(new RegExp(`.{1,${LINE_WIDTH}}`, 'g')) ?? []
  return [`-----BEGIN PUMOTIX ${label}-----`, ...lines, `-----END PUMOTIX ${label}-----`].join('\n') + '\n'
}

const ANY_BEGIN = /-----BEGIN PUMOTIX ([A-Z ]+)-----/

/**
 * The envelope bytes of a document given as its armored text (text around the armor is
 * ignored), as the bare base64 of the envelope bytes (white space ignored), or as the bytes
 * themselves. Throws SignedDocumentError `format` (or `type` for another PUMOTIX armor).
 */
export function documentBytes(input: string | Uint8Array, type: DocumentType): Buffer {
  const noun = DOCUMENT_NOUN[type]
  if (input instanceof Uint8Array) return Buffer.from(input)
  if (typeof input !== 'string' || input.trim() === '') fail('format', `The ${noun} is empty.`)
  const begin = `-----BEGIN PUMOTIX ${DOCUMENT_LABEL[type]}-----`
  const end = `-----END PUMOTIX ${DOCUMENT_LABEL[type]}-----`
  let b64: string
  const at = input.indexOf(begin)
  if (at >= 0) {
    const stop = input.indexOf(end, at)
    if (stop < 0) fail('format', `The ${noun} is incomplete: the line ${end} is missing.`)
    b64 = input.slice(at + begin.length, stop).replace(/\s+/g, '')
    if (b64 === '') fail('format', `The ${noun} has nothing between its BEGIN and END lines.`)
  } else {
    const other = ANY_BEGIN.exec(input)
    if (other) {
      const found = (Object.keys(DOCUMENT_LABEL) as DocumentType[]).find((t) => DOCUMENT_LABEL[t] === other[1])
      fail('type', found ? `This is a ${DOCUMENT_NOUN[found]}, not a ${noun}.` : `This is a PUMOTIX ${other[1].toLowerCase()}, not a ${noun}.`)
    }
    b64 = input.replace(/\s+/g, '')
  }
  const bytes = strictBase64(b64)
  if (!bytes) {
    fail(
      'format',
      at >= 0
        ? `The ${noun} is damaged: the text between the BEGIN and END lines is not valid base64.`
        : `This is not a PUMOTIX ${noun}: it has no ${begin} line and is not base64 of one.`,
    )
  }
  return bytes
}
