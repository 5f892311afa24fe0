/**
 * Request codes, version 1: the 35-byte record a controller shows (as text) so that a customer
 * can ask for a license. See docs/license-format.md for the byte layout.
 */
import { crc32 } from './crc32'
import { crockfordDecode, crockfordEncode, crockfordValue } from './crockford'

export interface RequestCode {
  version: 1
  /** Controller model id, 0..65535. */
  modelId: number
  /** Serial number as plain decimal, 0..4294967295, no leading zeros. */
  serial: string
  /** Hardware id of the chip: 32 lowercase hex characters (16 bytes). */
  hardwareId: string
  /** Sequence number of the license installed now; 0 = none. */
  sequence: number
  /** When the code was made (whole seconds). */
  createdAt: Date
}

export type RequestCodeErrorReason = 'empty' | 'prefix' | 'length' | 'character' | 'checksum' | 'version' | 'field'

/** A request code that cannot be read or made; `message` is meant for people. */
export class RequestCodeError extends Error {
  readonly reason: RequestCodeErrorReason
  constructor(reason: RequestCodeErrorReason, message: string) {
    super(message)
    this.name = 'RequestCodeError'
    this.reason = reason
  }
}

export const REQUEST_CODE_PREFIX = 'PMX1-'
export const REQUEST_CODE_BYTES = 35
/** 35 bytes = 280 bits = exactly 56 Base32 characters. */
export const REQUEST_CODE_CHARS = 56

export const UINT32_MAX = 0xffffffff
/** Spaces, tabs, line breaks, ASCII dash and the Unicode dashes word processors substitute. */
export const SEPARATORS = /[\s\-\u2010-\u2015\u2212]/g

export function fieldError(message: string): RequestCodeError {
  return new RequestCodeError('field', message)
}

export function checkUint(name: string, value: unknown, max: number): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0 || value > max) {
    throw fieldError(`${name} must be a whole number from 0 to ${max}, got ${JSON.stringify(value)}.`)
  }
  return value
}

/** Serial number as canonical decimal (no leading zeros), range-checked to uint32. */
export function normalizeSerial(value: unknown): string {
  const text = typeof value === 'number' && Number.isInteger(value) ? String(value) : value
  if (typeof text !== 'string' || !/^\d{1,10}$/.test(text.trim()) || Number(text) > UINT32_MAX) {
    throw fieldError(`The serial number must be a decimal number from 0 to ${UINT32_MAX}, got ${JSON.stringify(value)}.`)
  }
  return String(Number(text))
}

/** Hardware id as 32 lowercase hex characters (input may be in any case). */
export function normalizeHardwareId(value: unknown): string {
  if (typeof value !== 'string' || !/^[0-9a-fA-F]{32}$/.test(value.trim())) {
    throw fieldError(`The hardware id must be 32 hexadecimal characters (16 bytes), got ${JSON.stringify(value)}.`)
  }
  return value.trim().toLowerCase()
}

type RequestCodeInput = Omit<RequestCode, 'version'> & { version?: 1 }

function normalizeFields(rc: RequestCodeInput): RequestCode {
  if (rc.version !== undefined && rc.version !== 1) {
    throw fieldError(`Only request code version 1 can be made, got ${JSON.stringify(rc.version)}.`)
  }
  const createdAt = rc.createdAt
  if (!(createdAt instanceof Date) || Number.isNaN(createdAt.getTime())) {
    throw fieldError('createdAt must be a valid Date.')
  }
  const seconds = Math.floor(createdAt.getTime() / 1000)
  if (seconds < 0 || seconds > UINT32_MAX) {
    throw fieldError(`createdAt must be between 1970-01-01 and 2106-02-07 (Unix seconds fit in 32 bits), got ${createdAt.toISOString()}.`)
  }
  return {
    version: 1,
    modelId: checkUint('The model id', rc.modelId, 0xffff),
    serial: normalizeSerial(rc.serial),
    hardwareId: normalizeHardwareId(rc.hardwareId),
    sequence: checkUint('The sequence number', rc.sequence, UINT32_MAX),
    createdAt: new Date(seconds * 1000),
  }
}

/** The 35 bytes of a request code (fields validated, CRC-32 appended). */
export function requestCodeBytes(rc: RequestCodeInput): Uint8Array {
  const f = normalizeFields(rc)
  const bytes = new Uint8Array(REQUEST_CODE_BYTES)
  const view = new DataView(bytes.buffer)
  view.setUint8(0, 1)
  view.setUint16(1, f.modelId)
  view.setUint32(3, Number(f.serial))
  for (let i = 0; i < 16; i++) bytes[7 + i] = parseInt(f.hardwareId.slice(i * 2, i * 2 + 2), 16)
  view.setUint32(23, f.sequence)
  view.setUint32(27, Math.floor(f.createdAt.getTime() / 1000))
  view.setUint32(31, crc32(bytes.subarray(0, 31)))
  return bytes
}

/** Text form: PMX1- then the 56 Base32 characters in groups of four joined by dashes. */
export function encodeRequestCode(rc: RequestCodeInput): string {
  const body = crockfordEncode(requestCodeBytes(rc))
  return REQUEST_CODE_PREFIX + (body.match(/.{1,4}/g) ?? []).join('-')
}

function ordinal(n: number): string {
  return ['1st', '2nd', '3rd', '4th'][n - 1] ?? `${n}th`
}

function describeChar(ch: string): string {
  const code = ch.codePointAt(0) ?? 0
  const shown = code < 0x20 || code === 0x7f ? `U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `"${ch}"`
  return shown
}

/**
 * The bytes of a request code's characters after its prefix (every version): each character must be
 * Crockford Base32, there must be `chars` of them, and the CRC-32 of the bytes before `crcOffset`
 * must equal the u32 stored there. Throws RequestCodeError character, length or checksum.
 */
export function checkedCodeBytes(body: string[], { prefix, chars, crcOffset }: { prefix: string; chars: number; crcOffset: number }): Uint8Array {
  for (let i = 0; i < body.length; i++) {
    if (crockfordValue(body[i]) < 0) {
      throw new RequestCodeError(
        'character',
        `The request code contains ${describeChar(body[i])} at position ${i + 1} after ${prefix} (group ${Math.floor(i / 4) + 1}, ${ordinal((i % 4) + 1)} character), which is not used in request codes. They use the digits 0-9 and the letters A-Z except U.`,
      )
    }
  }
  if (body.length !== chars) {
    const hint = body.length < chars ? 'Some characters are missing.' : 'There are extra characters.'
    throw new RequestCodeError(
      'length',
      `The request code has ${body.length} characters after ${prefix} but must have ${chars} (${chars / 4} groups of 4). ${hint}`,
    )
  }
  const bytes = crockfordDecode(body.join(''))
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  if (crc32(bytes.subarray(0, crcOffset)) !== view.getUint32(crcOffset)) {
    throw new RequestCodeError(
      'checksum',
      'The request code is not valid: its checksum does not match, so it was probably mistyped. Compare it character by character with the code on the controller.',
    )
  }
  return bytes
}

/**
 * Reads a request code as typed or pasted by a person. Accepts any case; ignores spaces, tabs,
 * line breaks and dashes; reads O as 0 and I/L as 1. Throws RequestCodeError with a specific
 * message otherwise.
 */
export function decodeRequestCode(text: string): RequestCode {
  const compact = Array.from(typeof text === 'string' ? text.replace(SEPARATORS, '') : '')
  if (compact.length === 0) {
    throw new RequestCodeError('empty', 'The request code is empty. Enter the code shown on the controller; it starts with PMX1-.')
  }

  const head = compact.slice(0, 4).join('').toUpperCase()
  if (/^PMX[1IL]$/.test(head)) {
    // accepted prefix
  } else if (/^PMX[02-9]$/.test(head)) {
    throw new RequestCodeError(
      'version',
      `This request code starts with PMX${head[3]}-, a format this software does not read. Only PMX1- codes are supported; update the software or check the code.`,
    )
  } else {
    const looksLikeBody = compact.length === REQUEST_CODE_CHARS && compact.every((c) => crockfordValue(c) >= 0)
    const start = compact.slice(0, 5).join('')
    throw new RequestCodeError(
      'prefix',
      looksLikeBody
        ? 'The request code must start with PMX1-; the prefix seems to be missing. Copy the complete code including PMX1-.'
        : `The request code must start with PMX1-, but it starts with "${start}". Check that you copied the request code and not another text.`,
    )
  }

  const bytes = checkedCodeBytes(compact.slice(4), { prefix: 'PMX1-', chars: REQUEST_CODE_CHARS, crcOffset: 31 })
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint8(0)
  if (version !== 1) {
    throw new RequestCodeError(
      'version',
      `This request code uses format version ${version}, which this software does not read (it reads version 1). Update the software or check the code.`,
    )
  }

  let hardwareId = ''
  for (let i = 7; i < 23; i++) hardwareId += bytes[i].toString(16).padStart(2, '0')
  return {
    version: 1,
    modelId: view.getUint16(1),
    serial: String(view.getUint32(3)),
    hardwareId,
    sequence: view.getUint32(23),
    createdAt: new Date(view.getUint32(27) * 1000),
  }
}
