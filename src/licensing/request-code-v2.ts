/**
 * Request codes, version 2 (`PMX2-`): the 40-byte record of a controller that holds root keys.
 * Beside the version 1 fields it carries the number of the revocation list the controller holds
 * and a flag byte (bit 0: the controller has a trusted clock and enforces option end dates).
 * `readRequestCode` reads either version by its prefix. Layout: docs/license-format.md section 5.
 */
import { crc32 } from './crc32'
import { crockfordDecode, crockfordEncode, crockfordValue } from './crockford'
import {
  checkedCodeBytes,
  checkUint,
  decodeRequestCode,
  fieldError,
  normalizeHardwareId,
  normalizeSerial,
  RequestCodeError,
  REQUEST_CODE_CHARS,
  SEPARATORS,
  UINT32_MAX,
  type RequestCode,
} from './request-code'

export interface RequestCodeV2 {
  version: 2
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
  /** Number of the revocation list the controller holds; 0 = none. */
  revocationNumber: number
  /** Flag bit 0: the controller has a trusted clock and switches options off after their end date. */
  enforcesOptionEndDates: boolean
}

export type RequestCodeV2Input = Omit<RequestCodeV2, 'version'> & { version?: 2 }

export const REQUEST_CODE_V2_PREFIX = 'PMX2-'
export const REQUEST_CODE_V2_BYTES = 40
/** 40 bytes = 320 bits = exactly 64 Base32 characters (16 groups of 4). */
export const REQUEST_CODE_V2_CHARS = 64
/** Flag bits a version 2 code may set; any other bit is refused (reason `version`). */
export const REQUEST_CODE_V2_KNOWN_FLAGS = 0x01
const FLAG_ENFORCES_END_DATES = 0x01
const CRC_OFFSET = 36

function normalizeFieldsV2(rc: RequestCodeV2Input): RequestCodeV2 {
  if (rc.version !== undefined && rc.version !== 2) {
    throw fieldError(`Only request code version 2 can be made here, got ${JSON.stringify(rc.version)}.`)
  }
  const createdAt = rc.createdAt
  if (!(createdAt instanceof Date) || Number.isNaN(createdAt.getTime())) {
    throw fieldError('createdAt must be a valid Date.')
  }
  const seconds = Math.floor(createdAt.getTime() / 1000)
  if (seconds < 0 || seconds > UINT32_MAX) {
    throw fieldError(`createdAt must be between 1970-01-01 and 2106-02-07 (Unix seconds fit in 32 bits), got ${createdAt.toISOString()}.`)
  }
  if (typeof rc.enforcesOptionEndDates !== 'boolean') {
    throw fieldError(`enforcesOptionEndDates must be true or false, got ${JSON.stringify(rc.enforcesOptionEndDates)}.`)
  }
  return {
    version: 2,
    modelId: checkUint('The model id', rc.modelId, 0xffff),
    serial: normalizeSerial(rc.serial),
    hardwareId: normalizeHardwareId(rc.hardwareId),
    sequence: checkUint('The sequence number', rc.sequence, UINT32_MAX),
    createdAt: new Date(seconds * 1000),
    revocationNumber: checkUint('The revocation list number', rc.revocationNumber, UINT32_MAX),
    enforcesOptionEndDates: rc.enforcesOptionEndDates,
  }
}

/** The 40 bytes of a version 2 request code (fields validated, CRC-32 of bytes 0-35 appended). */
export function requestCodeV2Bytes(rc: RequestCodeV2Input): Uint8Array {
  const f = normalizeFieldsV2(rc)
  const bytes = new Uint8Array(REQUEST_CODE_V2_BYTES)
  const view = new DataView(bytes.buffer)
  view.setUint8(0, 2)
  view.setUint16(1, f.modelId)
  view.setUint32(3, Number(f.serial))
  for (let i = 0; i < 16; i++) bytes[7 + i] = parseInt(f.hardwareId.slice(i * 2, i * 2 + 2), 16)
  view.setUint32(23, f.sequence)
  view.setUint32(27, Math.floor(f.createdAt.getTime() / 1000))
  view.setUint32(31, f.revocationNumber)
  view.setUint8(35, f.enforcesOptionEndDates ? FLAG_ENFORCES_END_DATES : 0)
  view.setUint32(CRC_OFFSET, crc32(bytes.subarray(0, CRC_OFFSET)))
  return bytes
}

/** Text form: PMX2- then the 64 Base32 characters in 16 groups of four joined by dashes. */
export function encodeRequestCodeV2(rc: RequestCodeV2Input): string {
  const body = crockfordEncode(requestCodeV2Bytes(rc))
  return REQUEST_CODE_V2_PREFIX + (body.match(/.{1,4}/g) ?? []).join('-')
}

/** The code's characters without separators (spaces, tabs, line breaks, dashes). */
function compactCode(text: unknown): string[] {
  return Array.from(typeof text === 'string' ? text.replace(SEPARATORS, '') : '')
}

function versionOfHead(compact: string[]): string | null {
  const head = compact.slice(0, 4).join('').toUpperCase()
  if (!head.startsWith('PMX') || head.length < 4) return null
  const digit = head[3]
  return digit === 'I' || digit === 'L' ? '1' : /\d/.test(digit) ? digit : null
}

function isCodeBody(chars: string[]): boolean {
  return (chars.length === REQUEST_CODE_CHARS || chars.length === REQUEST_CODE_V2_CHARS) && chars.every((c) => crockfordValue(c) >= 0)
}

function prefixError(compact: string[], expected: string): RequestCodeError {
  const start = compact.slice(0, 5).join('')
  return new RequestCodeError(
    'prefix',
    isCodeBody(compact)
      ? `The request code must start with ${expected}; the prefix seems to be missing. Copy the complete code including its prefix.`
      : `The request code must start with ${expected}, but it starts with "${start}". Check that you copied the request code and not another text.`,
  )
}

function fieldsFromBytesV2(bytes: Uint8Array): RequestCodeV2 {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const version = view.getUint8(0)
  if (version !== 2) {
    throw new RequestCodeError(
      'version',
      `This request code starts with PMX2- but its content says format version ${version}; PMX2- codes hold version 2. Check the code, or update the software if the controller is newer.`,
    )
  }
  const flags = view.getUint8(35)
  if ((flags & ~REQUEST_CODE_V2_KNOWN_FLAGS) !== 0) {
    const unknown = flags & ~REQUEST_CODE_V2_KNOWN_FLAGS
    throw new RequestCodeError(
      'version',
      `This request code sets controller flags this software does not know (0x${unknown.toString(16).padStart(2, '0')}), so the controller expects something this software cannot provide. Update the software.`,
    )
  }
  let hardwareId = ''
  for (let i = 7; i < 23; i++) hardwareId += bytes[i].toString(16).padStart(2, '0')
  return {
    version: 2,
    modelId: view.getUint16(1),
    serial: String(view.getUint32(3)),
    hardwareId,
    sequence: view.getUint32(23),
    createdAt: new Date(view.getUint32(27) * 1000),
    revocationNumber: view.getUint32(31),
    enforcesOptionEndDates: (flags & FLAG_ENFORCES_END_DATES) !== 0,
  }
}

/**
 * Reads a version 2 request code as typed or pasted by a person, with the same tolerance as
 * version 1 (any case, separators ignored, O read as 0 and I/L as 1). Throws RequestCodeError:
 * empty, prefix (not PMX2-; a PMX1- code gets reason `version`), character, length, checksum,
 * version (version byte not 2, or a flag bit this software does not know).
 */
export function decodeRequestCodeV2(text: string): RequestCodeV2 {
  const compact = compactCode(text)
  if (compact.length === 0) {
    throw new RequestCodeError('empty', 'The request code is empty. Enter the code shown on the controller; it starts with PMX2-.')
  }
  const version = versionOfHead(compact)
  if (version === null) throw prefixError(compact, 'PMX2-')
  if (version !== '2') {
    throw new RequestCodeError(
      'version',
      `This request code starts with PMX${version}-, a format this reader does not read. Only PMX2- codes are read here; update the software or check the code.`,
    )
  }
  return fieldsFromBytesV2(checkedCodeBytes(compact.slice(4), { prefix: 'PMX2-', chars: REQUEST_CODE_V2_CHARS, crcOffset: CRC_OFFSET }))
}

/**
 * Reads a request code of either version, chosen by its prefix (PMX1- or PMX2-). PMX1- codes go
 * through `decodeRequestCode` and keep its messages, except that a PMX1- code whose content says
 * another version is explained for both formats. A PMX2- prefix in front of a complete, valid
 * PMX1- body (56 characters) is refused with reason `version`: prefix and content belong to
 * different formats. Other prefixes PMX0, PMX3..PMX9 get reason `version`.
 */
export function readRequestCode(text: string): RequestCode | RequestCodeV2 {
  const compact = compactCode(text)
  if (compact.length === 0) {
    throw new RequestCodeError('empty', 'The request code is empty. Enter the code shown on the controller; it starts with PMX1- or PMX2-.')
  }
  const version = versionOfHead(compact)
  if (version === null) throw prefixError(compact, 'PMX1- or PMX2-')
  if (version === '1') {
    try {
      return decodeRequestCode(text)
    } catch (err) {
      // decodeRequestCode's only `version` refusal after a PMX1 prefix is the version byte.
      if (!(err instanceof RequestCodeError) || err.reason !== 'version') throw err
      const byte = crockfordDecode(compact.slice(4).join(''))[0]
      throw new RequestCodeError(
        'version',
        `This request code starts with PMX1- but its content says format version ${byte}; PMX1- codes hold version 1 and PMX2- codes version 2. Check the code, or update the software if the controller is newer.`,
      )
    }
  }
  if (version === '2') {
    const body = compact.slice(4)
    if (body.length === REQUEST_CODE_CHARS && body.every((c) => crockfordValue(c) >= 0)) {
      const bytes = crockfordDecode(body.join(''))
      const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
      if (bytes[0] === 1 && crc32(bytes.subarray(0, 31)) === view.getUint32(31)) {
        throw new RequestCodeError(
          'version',
          'This request code starts with PMX2- but its 56 characters are a complete PMX1- code. Copy the code again with the prefix the controller shows.',
        )
      }
    }
    return decodeRequestCodeV2(text)
  }
  throw new RequestCodeError(
    'version',
    `This request code starts with PMX${version}-, a format this software does not read. Only PMX1- and PMX2- codes are read; update the software or check the code.`,
  )
}
