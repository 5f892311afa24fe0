import { describe, expect, it } from '@jest/globals'
import fc from 'fast-check'
import {
  CROCKFORD_ALPHABET,
  decodeRequestCode,
  decodeRequestCodeV2,
  encodeRequestCode,
  encodeRequestCodeV2,
  readRequestCode,
  RequestCodeError,
  requestCodeV2Bytes,
  type RequestCodeV2,
} from '@/licensing'
import { invalidRequestCodeV2Vectors, invalidRequestCodeVectors, requestCodeV2Vectors, requestCodeVectors } from './helpers'

function refusal(read: (text: string) => unknown, text: string): RequestCodeError {
  try {
    read(text)
  } catch (err) {
    expect(err).toBeInstanceOf(RequestCodeError)
    return err as RequestCodeError
  }
  throw new Error(`accepted ${JSON.stringify(text)}`)
}

const requestCodeV2Arb = fc.record({
  modelId: fc.integer({ min: 0, max: 0xffff }),
  serial: fc.integer({ min: 0, max: 0xffffffff }).map(String),
  hardwareId: fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => Buffer.from(b).toString('hex')),
  sequence: fc.integer({ min: 0, max: 0xffffffff }),
  createdAt: fc.integer({ min: 0, max: 0xffffffff }).map((s) => new Date(s * 1000)),
  revocationNumber: fc.integer({ min: 0, max: 0xffffffff }),
  enforcesOptionEndDates: fc.boolean(),
})

const VALID = requestCodeV2Vectors()[0].text
const BODY = VALID.slice(5).replace(/-/g, '')

describe('PMX2 request code vectors', () => {
  it.each(requestCodeV2Vectors().map((v) => [v.name, v] as const))('%s encodes and decodes exactly', (_name, v) => {
    const fields = { ...v.fields, createdAt: new Date(v.fields.createdAt) }
    expect(encodeRequestCodeV2(fields)).toBe(v.text)
    expect(Buffer.from(requestCodeV2Bytes(fields)).toString('hex')).toBe(v.hex)
    expect(v.hex).toHaveLength(80)
    expect(v.text).toMatch(/^PMX2(-[0-9A-HJKMNP-TV-Z]{4}){16}$/)
    expect(v.text).toHaveLength(5 + 64 + 15)
    expect(decodeRequestCodeV2(v.text)).toEqual({ version: 2, ...fields })
    expect(readRequestCode(v.text)).toEqual({ version: 2, ...fields })
  })
  it('the flag byte and the revocation number sit where the layout says', () => {
    const v = requestCodeV2Vectors().find((c) => c.name === 'trusted-clock')!
    const bytes = Buffer.from(v.hex, 'hex')
    expect(bytes.readUInt32BE(31)).toBe(2)
    expect(bytes[35]).toBe(1)
    expect(requestCodeV2Vectors()[0].hex.slice(62, 72)).toBe('0000000000')
  })
  it.each(invalidRequestCodeV2Vectors().map((v) => [v.name, v] as const))('%s is refused by both readers', (_name, v) => {
    expect(refusal(decodeRequestCodeV2, v.text).reason).toBe(v.reason)
    expect(refusal(readRequestCode, v.text).reason).toBe(v.readReason ?? v.reason)
  })
})

describe('readRequestCode reads format 1 exactly as decodeRequestCode', () => {
  it.each(requestCodeVectors().map((v) => [v.name, v] as const))('valid %s', (_name, v) => {
    expect(readRequestCode(v.text)).toEqual(decodeRequestCode(v.text))
    expect(readRequestCode(v.text).version).toBe(1)
  })
  it.each(invalidRequestCodeVectors().map((v) => [v.name, v] as const))('invalid %s: same reason', (_name, v) => {
    expect(refusal(readRequestCode, v.text).reason).toBe(v.reason)
  })
  it('a PMX1 code with version byte 2 is explained for both formats', () => {
    const v = invalidRequestCodeVectors().find((c) => c.name === 'version byte 2')!
    expect(refusal(readRequestCode, v.text).message).toBe(
      'This request code starts with PMX1- but its content says format version 2; PMX1- codes hold version 1 and PMX2- codes version 2. Check the code, or update the software if the controller is newer.',
    )
  })
})

describe('format 1 is unchanged', () => {
  it('decodeRequestCode still refuses every PMX2 code with reason version', () => {
    for (const v of requestCodeV2Vectors()) {
      const err = refusal(decodeRequestCode, v.text)
      expect(err.reason).toBe('version')
      expect(err.message).toBe('This request code starts with PMX2-, a format this software does not read. Only PMX1- codes are supported; update the software or check the code.')
    }
  })
})

describe('PMX2 rejections have specific messages', () => {
  it('empty', () => {
    expect(refusal(decodeRequestCodeV2, ' \n').message).toBe('The request code is empty. Enter the code shown on the controller; it starts with PMX2-.')
    expect(refusal(readRequestCode, '').message).toBe('The request code is empty. Enter the code shown on the controller; it starts with PMX1- or PMX2-.')
  })
  it('prefix', () => {
    expect(refusal(decodeRequestCodeV2, 'ABC2-' + VALID.slice(5)).message).toBe(
      'The request code must start with PMX2-, but it starts with "ABC20". Check that you copied the request code and not another text.',
    )
    expect(refusal(readRequestCode, 'hello world').message).toBe(
      'The request code must start with PMX1- or PMX2-, but it starts with "hello". Check that you copied the request code and not another text.',
    )
    expect(refusal(readRequestCode, VALID.slice(5)).message).toMatch(/the prefix seems to be missing/)
  })
  it('other versions by prefix', () => {
    expect(refusal(readRequestCode, 'PMX3-' + VALID.slice(5)).message).toBe(
      'This request code starts with PMX3-, a format this software does not read. Only PMX1- and PMX2- codes are read; update the software or check the code.',
    )
    expect(refusal(readRequestCode, 'PMX0-' + VALID.slice(5)).reason).toBe('version')
    expect(refusal(readRequestCode, 'PMX9' + BODY).reason).toBe('version')
    const v1 = refusal(decodeRequestCodeV2, requestCodeVectors()[0].text)
    expect(v1.reason).toBe('version')
    expect(v1.message).toBe('This request code starts with PMX1-, a format this reader does not read. Only PMX2- codes are read here; update the software or check the code.')
  })
  it('a PMX1 body after PMX2- (readRequestCode only)', () => {
    const text = 'PMX2-' + requestCodeVectors()[0].text.slice(5)
    expect(refusal(readRequestCode, text).message).toBe(
      'This request code starts with PMX2- but its 56 characters are a complete PMX1- code. Copy the code again with the prefix the controller shows.',
    )
    expect(refusal(decodeRequestCodeV2, text).message).toBe(
      'The request code has 56 characters after PMX2- but must have 64 (16 groups of 4). Some characters are missing.',
    )
  })
  it('character and length', () => {
    expect(refusal(decodeRequestCodeV2, 'PMX2-' + BODY.slice(0, 9) + 'U' + BODY.slice(10)).message).toBe(
      'The request code contains "U" at position 10 after PMX2- (group 3, 2nd character), which is not used in request codes. They use the digits 0-9 and the letters A-Z except U.',
    )
    expect(refusal(readRequestCode, VALID + 'A').message).toBe(
      'The request code has 65 characters after PMX2- but must have 64 (16 groups of 4). There are extra characters.',
    )
  })
  it('checksum', () => {
    expect(refusal(readRequestCode, 'PMX2-' + (BODY[0] === '1' ? '2' : '1') + BODY.slice(1)).message).toBe(
      'The request code is not valid: its checksum does not match, so it was probably mistyped. Compare it character by character with the code on the controller.',
    )
  })
  it('version byte and reserved flags', () => {
    const byName = (name: string) => invalidRequestCodeV2Vectors().find((c) => c.name === name)!.text
    expect(refusal(readRequestCode, byName('version byte 3')).message).toBe(
      'This request code starts with PMX2- but its content says format version 3; PMX2- codes hold version 2. Check the code, or update the software if the controller is newer.',
    )
    expect(refusal(readRequestCode, byName('reserved flag bit 1')).message).toBe(
      'This request code sets controller flags this software does not know (0x02), so the controller expects something this software cannot provide. Update the software.',
    )
    expect(refusal(readRequestCode, byName('reserved flag bit 7 with bit 0')).message).toMatch(/\(0x80\)/)
  })
})

describe('PMX2 tolerance', () => {
  const expected = decodeRequestCodeV2(VALID)
  it.each([
    ['lower case', VALID.toLowerCase()],
    ['no dashes', 'PMX2' + BODY],
    ['spaces and line breaks', VALID.replace(/-/g, ' ').replace(/ (....) /, '\n$1\r\n')],
    ['Unicode dashes', VALID.replace(/-/g, '\u2014')],
    ['O for 0', VALID.replace(/0/g, 'O')],
    ['I and L for 1', VALID.replace(/1/g, 'I').replace(/I/, 'l')],
  ])('%s', (_name, text) => {
    expect(decodeRequestCodeV2(text)).toEqual(expected)
    expect(readRequestCode(text)).toEqual(expected)
  })
})

describe('PMX2 properties', () => {
  it('encode/decode round trip', () => {
    fc.assert(
      fc.property(requestCodeV2Arb, (rc) => {
        const text = encodeRequestCodeV2(rc)
        expect(text).toHaveLength(84)
        expect(decodeRequestCodeV2(text)).toEqual({ version: 2, ...rc })
        expect(readRequestCode(text.toLowerCase().replace(/-/g, ' '))).toEqual({ version: 2, ...rc })
      }),
      { numRuns: 500 },
    )
  })

  function substitutions(text: string, position: number): string[] {
    const body = text.slice(5).replace(/-/g, '')
    return [...CROCKFORD_ALPHABET].filter((c) => c !== body[position]).map((c) => 'PMX2-' + body.slice(0, position) + c + body.slice(position + 1))
  }

  it('refuses EVERY single-character substitution of a valid code (exhaustive)', () => {
    let count = 0
    for (let position = 0; position < 64; position++) {
      for (const changed of substitutions(VALID, position)) {
        expect(refusal(decodeRequestCodeV2, changed).reason).toBe('checksum')
        count++
      }
    }
    expect(count).toBe(64 * 31)
  })

  it('refuses single-character substitutions of random codes (sampled)', () => {
    fc.assert(
      fc.property(requestCodeV2Arb, fc.integer({ min: 0, max: 63 }), fc.integer({ min: 0, max: 30 }), (rc, position, pick) => {
        expect(refusal(readRequestCode, substitutions(encodeRequestCodeV2(rc), position)[pick]).reason).toBe('checksum')
      }),
      { numRuns: 2000 },
    )
  })

  it('version 1 round trip through readRequestCode', () => {
    fc.assert(
      fc.property(requestCodeV2Arb, ({ revocationNumber: _r, enforcesOptionEndDates: _e, ...rc }) => {
        expect(readRequestCode(encodeRequestCode(rc))).toEqual({ version: 1, ...rc })
      }),
      { numRuns: 200 },
    )
  })
})

describe('encodeRequestCodeV2 validates fields', () => {
  const good: Omit<RequestCodeV2, 'version'> = {
    modelId: 1,
    serial: '1',
    hardwareId: '00112233445566778899aabbccddeeff',
    sequence: 0,
    createdAt: new Date('2026-01-01T00:00:00Z'),
    revocationNumber: 0,
    enforcesOptionEndDates: false,
  }
  it.each([
    ['model id too big', { modelId: 65536 }, /model id must be a whole number from 0 to 65535/],
    ['serial not decimal', { serial: '12a' }, /serial number/],
    ['hardware id short', { hardwareId: '0011' }, /hardware id must be 32 hexadecimal characters/],
    ['sequence too big', { sequence: 2 ** 32 }, /sequence number/],
    ['revocation number negative', { revocationNumber: -1 }, /revocation list number must be a whole number from 0 to 4294967295/],
    ['revocation number too big', { revocationNumber: 2 ** 32 }, /revocation list number/],
    ['flag not a boolean', { enforcesOptionEndDates: 1 }, /enforcesOptionEndDates must be true or false/],
    ['createdAt after 2106', { createdAt: new Date('2106-02-07T06:28:16Z') }, /createdAt must be between/],
    ['version 1', { version: 1 }, /Only request code version 2 can be made here/],
  ])('%s', (_name, change, message) => {
    try {
      encodeRequestCodeV2({ ...good, ...(change as object) } as Omit<RequestCodeV2, 'version'>)
      throw new Error('accepted')
    } catch (err) {
      expect(err).toBeInstanceOf(RequestCodeError)
      expect((err as RequestCodeError).reason).toBe('field')
      expect((err as Error).message).toMatch(message)
    }
  })
  it('normalizes like version 1', () => {
    const text = encodeRequestCodeV2({ ...good, hardwareId: good.hardwareId.toUpperCase(), serial: '0001', createdAt: new Date('2026-01-01T00:00:00.999Z') })
    expect(text).toBe(encodeRequestCodeV2(good))
  })
})
