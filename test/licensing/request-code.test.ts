import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import * as zlib from 'node:zlib'
import {
  CROCKFORD_ALPHABET,
  crc32,
  crockfordDecode,
  crockfordEncode,
  decodeRequestCode,
  encodeRequestCode,
  RequestCodeError,
  requestCodeBytes,
  type RequestCode,
} from '@/licensing'
import { invalidRequestCodeVectors, requestCodeVectors } from './helpers'

function reject(text: string): RequestCodeError {
  try {
    decodeRequestCode(text)
  } catch (err) {
    expect(err).toBeInstanceOf(RequestCodeError)
    return err as RequestCodeError
  }
  throw new Error(`accepted ${JSON.stringify(text)}`)
}

const requestCodeArb = fc.record({
  modelId: fc.integer({ min: 0, max: 0xffff }),
  serial: fc.integer({ min: 0, max: 0xffffffff }).map(String),
  hardwareId: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('hex')),
  sequence: fc.integer({ min: 0, max: 0xffffffff }),
  createdAt: fc.integer({ min: 0, max: 0xffffffff }).map((s) => new Date(s * 1000)),
})

const VALID = requestCodeVectors()[0].text

describe('crc32', () => {
  it('gives the standard check value', () => {
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
    expect(crc32(new Uint8Array())).toBe(0)
  })
  it('agrees with zlib', () => {
    const zcrc = (zlib as unknown as { crc32?: (b: Uint8Array) => number }).crc32
    if (!zcrc) return
    fc.assert(fc.property(fc.uint8Array({ maxLength: 100 }), (b) => crc32(b) === zcrc(b)))
  })
})

describe('Crockford Base32', () => {
  it('encodes most significant bits first', () => {
    expect(crockfordEncode(new Uint8Array([0xff]))).toBe('ZW')
    expect(crockfordEncode(new Uint8Array([0, 0, 0, 0, 0]))).toBe('00000000')
    expect(crockfordEncode(new Uint8Array([0xf8, 0x3e, 0x0f, 0x83, 0xe0]))).toBe('Z0Z0Z0Z0')
    expect(crockfordEncode(new Uint8Array(35)).length).toBe(56)
  })
  it('round-trips any bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), (b) => Buffer.from(crockfordDecode(crockfordEncode(b))).equals(Buffer.from(b))))
  })
  it('reads lower case, O, I, L and ignores separators', () => {
    expect(crockfordDecode('zw')).toEqual(new Uint8Array([0xff]))
    expect(crockfordDecode('OOOO-oooo')).toEqual(new Uint8Array(5))
    expect(crockfordDecode('IiLl 1111')).toEqual(crockfordDecode('11111111'))
  })
  it('names an invalid character and its position', () => {
    expect(() => crockfordDecode('00U0')).toThrow('Invalid Crockford Base32 character "U" at position 3')
  })
})

describe('request code vectors', () => {
  it.each(requestCodeVectors().map((v) => [v.name, v] as const))('%s encodes and decodes exactly', (_name, v) => {
    const fields = { ...v.fields, createdAt: new Date(v.fields.createdAt) }
    expect(encodeRequestCode(fields)).toBe(v.text)
    expect(Buffer.from(requestCodeBytes(fields)).toString('hex')).toBe(v.hex)
    expect(v.text).toMatch(/^PMX1(-[0-9A-HJKMNP-TV-Z]{4}){14}$/)
    expect(decodeRequestCode(v.text)).toEqual({ version: 1, ...fields })
  })
  it.each(invalidRequestCodeVectors().map((v) => [v.name, v] as const))('%s is rejected', (_name, v) => {
    expect(reject(v.text).reason).toBe(v.reason)
  })
})

describe('request code rejections have specific messages', () => {
  const body = VALID.slice(5).replace(/-/g, '')
  it('empty', () => {
    for (const text of ['', '   ', '\n\t-\r\n']) {
      const err = reject(text)
      expect(err.reason).toBe('empty')
      expect(err.message).toBe('The request code is empty. Enter the code shown on the controller; it starts with PMX1-.')
    }
    expect(reject(undefined as unknown as string).reason).toBe('empty')
  })
  it('prefix', () => {
    const err = reject('XYZ1-' + VALID.slice(5))
    expect(err.reason).toBe('prefix')
    expect(err.message).toBe('The request code must start with PMX1-, but it starts with "XYZ10". Check that you copied the request code and not another text.')
    const missing = reject(VALID.slice(5))
    expect(missing.reason).toBe('prefix')
    expect(missing.message).toMatch(/prefix seems to be missing/)
  })
  it('unknown prefix version', () => {
    const err = reject('PMX3-' + VALID.slice(5))
    expect(err.reason).toBe('version')
    expect(err.message).toMatch(/starts with PMX3-.*Only PMX1- codes are supported/)
  })
  it('length', () => {
    const short = reject(VALID.slice(0, -1))
    expect(short.reason).toBe('length')
    expect(short.message).toBe('The request code has 55 characters after PMX1- but must have 56 (14 groups of 4). Some characters are missing.')
    const long = reject(VALID + 'A')
    expect(long.message).toBe('The request code has 57 characters after PMX1- but must have 56 (14 groups of 4). There are extra characters.')
    expect(reject('PMX1-').reason).toBe('length')
  })
  it('character, naming it and its position', () => {
    const err = reject('PMX1-' + body.slice(0, 9) + 'U' + body.slice(10))
    expect(err.reason).toBe('character')
    expect(err.message).toBe(
      'The request code contains "U" at position 10 after PMX1- (group 3, 2nd character), which is not used in request codes. They use the digits 0-9 and the letters A-Z except U.',
    )
    expect(reject(VALID.replace(/.$/, '*')).message).toMatch(/contains "\*" at position 56 after PMX1- \(group 14, 4th character\)/)
    expect(reject(VALID.slice(0, 10) + '\u0000' + VALID.slice(11)).message).toMatch(/contains U\+0000 at position 5/)
  })
  it('checksum, suggesting a typo', () => {
    const err = reject('PMX1-' + (body[0] === '1' ? '2' : '1') + body.slice(1))
    expect(err.reason).toBe('checksum')
    expect(err.message).toBe(
      'The request code is not valid: its checksum does not match, so it was probably mistyped. Compare it character by character with the code on the controller.',
    )
  })
  it('version byte', () => {
    const v = invalidRequestCodeVectors().find((c) => c.name === 'version byte 2')!
    const err = reject(v.text)
    expect(err.reason).toBe('version')
    expect(err.message).toBe('This request code uses format version 2, which this software does not read (it reads version 1). Update the software or check the code.')
  })
  it('RequestCodeError is an Error with a name', () => {
    const err = reject('')
    expect(err).toBeInstanceOf(Error)
    expect(err.name).toBe('RequestCodeError')
  })
})

describe('request code tolerance', () => {
  const expected = decodeRequestCode(VALID)
  const body = VALID.slice(5).replace(/-/g, '')
  it.each([
    ['lower case', VALID.toLowerCase()],
    ['no dashes', 'PMX1' + body],
    ['spaces', VALID.replace(/-/g, ' ')],
    ['line breaks and tabs', '  ' + VALID.slice(0, 30) + '\r\n\t' + VALID.slice(30) + '\n'],
    ['groups in lines', VALID.split('-').join('\n')],
    ['Unicode dashes', VALID.replace(/-/g, '\u2013')],
    ['O for 0', VALID.replace(/0/g, 'O')],
    ['o for 0', VALID.replace(/0/g, 'o')],
    ['I for 1', VALID.replace(/1/g, 'I')],
    ['l for 1', VALID.replace(/1/g, 'l')],
    ['L for 1 (also in the prefix)', VALID.replace(/1/g, 'L')],
  ])('%s', (_name, text) => {
    expect(decodeRequestCode(text)).toEqual(expected)
  })
})

describe('request code properties', () => {
  it('encode/decode round trip', () => {
    fc.assert(
      fc.property(requestCodeArb, (rc) => {
        const text = encodeRequestCode(rc)
        expect(text).toHaveLength(5 + 56 + 13)
        expect(decodeRequestCode(text)).toEqual({ version: 1, ...rc })
        expect(decodeRequestCode(text.toLowerCase().replace(/-/g, ' '))).toEqual({ version: 1, ...rc })
      }),
      { numRuns: 500 },
    )
  })

  function substitutions(text: string, position: number): string[] {
    const prefix = 'PMX1-'
    const body = text.slice(prefix.length).replace(/-/g, '')
    return [...CROCKFORD_ALPHABET]
      .filter((c) => c !== body[position])
      .map((c) => prefix + body.slice(0, position) + c + body.slice(position + 1))
  }

  it('rejects EVERY single-character substitution of a valid code (exhaustive)', () => {
    let count = 0
    for (let position = 0; position < 56; position++) {
      for (const changed of substitutions(VALID, position)) {
        expect(reject(changed).reason).toBe('checksum')
        count++
      }
    }
    expect(count).toBe(56 * 31)
  })

  it('rejects single-character substitutions of random codes (sampled)', () => {
    fc.assert(
      fc.property(requestCodeArb, fc.integer({ min: 0, max: 55 }), fc.integer({ min: 0, max: 30 }), (rc, position, pick) => {
        const changed = substitutions(encodeRequestCode(rc), position)[pick]
        expect(reject(changed).reason).toBe('checksum')
      }),
      { numRuns: 2000 },
    )
  })
})

describe('encodeRequestCode validates fields', () => {
  const good: Omit<RequestCode, 'version'> = {
    modelId: 1,
    serial: '1',
    hardwareId: '00112233445566778899aabbccddeeff',
    sequence: 0,
    createdAt: new Date('2026-01-01T00:00:00Z'),
  }
  it.each([
    ['model id too big', { modelId: 65536 }, /model id must be a whole number from 0 to 65535/],
    ['model id negative', { modelId: -1 }, /model id/],
    ['model id fraction', { modelId: 1.5 }, /model id/],
    ['serial too big', { serial: '4294967296' }, /serial number must be a decimal number/],
    ['serial not decimal', { serial: '12a' }, /serial number/],
    ['serial empty', { serial: '' }, /serial number/],
    ['hardware id short', { hardwareId: '0011' }, /hardware id must be 32 hexadecimal characters/],
    ['hardware id not hex', { hardwareId: 'g0112233445566778899aabbccddeeff' }, /hardware id/],
    ['sequence too big', { sequence: 2 ** 32 }, /sequence number/],
    ['createdAt invalid', { createdAt: new Date('nope') }, /createdAt must be a valid Date/],
    ['createdAt before 1970', { createdAt: new Date('1969-12-31T23:59:59Z') }, /createdAt must be between/],
    ['createdAt after 2106', { createdAt: new Date('2106-02-07T06:28:16Z') }, /createdAt must be between/],
    ['version 2', { version: 2 }, /Only request code version 1/],
  ])('%s', (_name, change, message) => {
    try {
      encodeRequestCode({ ...good, ...(change as object) } as Omit<RequestCode, 'version'>)
      throw new Error('accepted')
    } catch (err) {
      expect(err).toBeInstanceOf(RequestCodeError)
      expect((err as RequestCodeError).reason).toBe('field')
      expect((err as Error).message).toMatch(message)
    }
  })
  it('normalizes: upper-case hardware id, leading zeros, sub-second time', () => {
    const text = encodeRequestCode({ ...good, hardwareId: good.hardwareId.toUpperCase(), serial: '0001', createdAt: new Date('2026-01-01T00:00:00.999Z') })
    expect(text).toBe(encodeRequestCode(good))
  })
})
