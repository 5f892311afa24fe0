import { describe, expect, it } from '@jest/globals'
import { buildLicensePayload, licensePayloadProblem, serializeLicensePayload, type LicensePayload } from '@/licensing'

const input = {
  licenseId: 'LIC-2026-0001',
  serial: '123456',
  modelId: 42,
  hardwareId: '00112233445566778899AABBCCDDEEFF',
  options: ['MODBUS', 'CANOPEN', 'MODBUS', 'BACNET'],
  sequence: 1,
  issuedAt: new Date('2026-01-15T09:30:00Z'),
}

describe('buildLicensePayload', () => {
  it('sorts and de-duplicates options, normalizes dates and hardware id', () => {
    const p = buildLicensePayload({ ...input, expiresAt: '2027-01-15T10:30:00+01:00' })
    expect(p).toEqual({
      v: 1,
      licenseId: 'LIC-2026-0001',
      serial: '123456',
      modelId: 42,
      hardwareId: '00112233445566778899aabbccddeeff',
      options: ['BACNET', 'CANOPEN', 'MODBUS'],
      sequence: 1,
      issuedAt: '2026-01-15T09:30:00.000Z',
      expiresAt: '2027-01-15T09:30:00.000Z',
    })
    expect(Object.keys(p)).toEqual(['v', 'licenseId', 'serial', 'modelId', 'hardwareId', 'options', 'sequence', 'issuedAt', 'expiresAt'])
  })
  it('defaults expiresAt to null and accepts ISO strings', () => {
    const p = buildLicensePayload({ ...input, issuedAt: '2026-01-15T09:30:00Z', expiresAt: null })
    expect(p.issuedAt).toBe('2026-01-15T09:30:00.000Z')
    expect(p.expiresAt).toBeNull()
    expect(buildLicensePayload(input).expiresAt).toBeNull()
  })
  it('writes the serial without leading zeros and does not modify the input', () => {
    const options = ['B', 'A']
    expect(buildLicensePayload({ ...input, serial: '000123', options }).serial).toBe('123')
    expect(options).toEqual(['B', 'A'])
  })
  it.each([
    ['empty license id', { licenseId: '' }, /license id/],
    ['license id with space', { licenseId: 'a b' }, /license id/],
    ['serial too big', { serial: '4294967296' }, /serial number/],
    ['serial not decimal', { serial: '0x10' }, /serial number/],
    ['model id too big', { modelId: 70000 }, /model id/],
    ['hardware id short', { hardwareId: 'abcd' }, /hardware id/],
    ['option with space', { options: ['A B'] }, /Option "A B" is not a valid option code/],
    ['empty option', { options: [''] }, /Option "" is not a valid/],
    ['sequence 0', { sequence: 0 }, /sequence number must be a whole number from 1/],
    ['sequence fraction', { sequence: 1.5 }, /sequence number/],
    ['bad issuedAt', { issuedAt: 'yesterday' }, /issuedAt is not a valid date/],
    ['bad expiresAt', { expiresAt: new Date(NaN) }, /expiresAt is not a valid date/],
    ['expiresAt before issuedAt', { expiresAt: '2026-01-15T09:29:59.999Z' }, /expiresAt must be later than issuedAt/],
    ['expiresAt equal to issuedAt', { expiresAt: '2026-01-15T09:30:00.000Z' }, /expiresAt must be later than issuedAt/],
  ])('rejects %s', (_name, change, message) => {
    expect(() => buildLicensePayload({ ...input, ...change } as typeof input)).toThrow(RangeError)
    expect(() => buildLicensePayload({ ...input, ...change } as typeof input)).toThrow(message)
  })
})

describe('serializeLicensePayload', () => {
  it('writes canonical JSON in the fixed key order', () => {
    const p = buildLicensePayload(input)
    const shuffled = Object.fromEntries(Object.entries(p).reverse()) as unknown as LicensePayload
    const expected =
      '{"v":1,"licenseId":"LIC-2026-0001","serial":"123456","modelId":42,"hardwareId":"00112233445566778899aabbccddeeff",' +
      '"options":["BACNET","CANOPEN","MODBUS"],"sequence":1,"issuedAt":"2026-01-15T09:30:00.000Z","expiresAt":null}'
    expect(serializeLicensePayload(p).toString('utf8')).toBe(expected)
    expect(serializeLicensePayload(shuffled).toString('utf8')).toBe(expected)
  })
})

describe('licensePayloadProblem', () => {
  const p = buildLicensePayload(input)
  it.each([
    ['not an object', [], /not a JSON object/],
    ['version 2', { ...p, v: 2 }, /version 2; only version 1/],
    ['extra field', { ...p, extra: true }, /unexpected fields: extra/],
    ['missing field', (({ expiresAt: _omit, ...rest }) => rest)(p), /lacks the fields: expiresAt/],
    ['upper-case hardware id', { ...p, hardwareId: p.hardwareId.toUpperCase() }, /lowercase/],
    ['unsorted options', { ...p, options: ['B', 'A'] }, /sorted and unique/],
    ['duplicate options', { ...p, options: ['A', 'A'] }, /sorted and unique/],
    ['serial with leading zero', { ...p, serial: '0123' }, /leading zeros/],
    ['date without milliseconds', { ...p, issuedAt: '2026-01-15T09:30:00Z' }, /issuedAt must be an ISO-8601 UTC time/],
    ['impossible date', { ...p, issuedAt: '2026-02-30T09:30:00.000Z' }, /issuedAt/],
  ])('%s', (_name, value, message) => {
    expect(licensePayloadProblem(value)).toMatch(message)
  })
  it('accepts a valid payload', () => {
    expect(licensePayloadProblem(p)).toBeNull()
  })
})
