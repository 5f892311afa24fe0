import { describe, expect, it } from '@jest/globals'
import { buildLicensePayloadV2, licensePayloadV2Problem, serializeLicensePayloadV2, type LicensePayloadV2 } from '@/licensing'

const input = {
  licenseId: 'LIC-2026-0001',
  serial: '0123456',
  modelId: 42,
  hardwareId: '00112233445566778899AABBCCDDEEFF',
  options: ['MODBUS', { code: 'BACNET', until: '2027-01-01T01:00:00+01:00' }, 'CANOPEN'],
  sequence: 1,
  issuedAt: new Date('2026-01-15T09:30:00Z'),
}

const valid: LicensePayloadV2 = buildLicensePayloadV2(input)

describe('buildLicensePayloadV2', () => {
  it('sorts options by code, normalizes times, hardware id and serial, defaults to no limits', () => {
    expect(valid).toEqual({
      v: 2,
      licenseId: 'LIC-2026-0001',
      serial: '123456',
      modelId: 42,
      hardwareId: '00112233445566778899aabbccddeeff',
      options: [
        { code: 'BACNET', until: '2027-01-01T00:00:00.000Z' },
        { code: 'CANOPEN', until: null },
        { code: 'MODBUS', until: null },
      ],
      maintenanceUntil: null,
      sequence: 1,
      issuedAt: '2026-01-15T09:30:00.000Z',
      expiresAt: null,
    })
    expect(Object.keys(valid)).toEqual(['v', 'licenseId', 'serial', 'modelId', 'hardwareId', 'options', 'maintenanceUntil', 'sequence', 'issuedAt', 'expiresAt'])
    expect(Object.keys(valid.options[0])).toEqual(['code', 'until'])
  })
  it('keeps an option given twice once, with the later end (permanent wins)', () => {
    const p = buildLicensePayloadV2({
      ...input,
      options: [
        { code: 'A', until: '2026-06-01T00:00:00Z' },
        { code: 'A', until: '2026-09-01T00:00:00Z' },
        { code: 'B', until: '2026-09-01T00:00:00Z' },
        'B',
        { code: 'C', until: null },
        { code: 'C', until: '2026-09-01T00:00:00Z' },
        { code: 'D', until: '2026-09-01T00:00:00Z' },
        { code: 'D', until: '2026-06-01T00:00:00Z' },
      ],
    })
    expect(p.options).toEqual([
      { code: 'A', until: '2026-09-01T00:00:00.000Z' },
      { code: 'B', until: null },
      { code: 'C', until: null },
      { code: 'D', until: '2026-09-01T00:00:00.000Z' },
    ])
  })
  it('takes maintenanceUntil and expiresAt as dates or strings', () => {
    const p = buildLicensePayloadV2({ ...input, maintenanceUntil: new Date('2027-02-28T23:59:59.999Z'), expiresAt: '2028-01-01T00:00:00Z' })
    expect(p.maintenanceUntil).toBe('2027-02-28T23:59:59.999Z')
    expect(p.expiresAt).toBe('2028-01-01T00:00:00.000Z')
  })
  it.each([
    ['an option ending before issuedAt', { options: [{ code: 'A', until: '2026-01-01T00:00:00Z' }] }, 'The end date of option A must be later than issuedAt.'],
    ['an option ending at issuedAt', { options: [{ code: 'A', until: '2026-01-15T09:30:00Z' }] }, 'The end date of option A must be later than issuedAt.'],
    ['an invalid end date', { options: [{ code: 'A', until: 'soon' }] }, 'The end date of option A is not a valid date: "soon".'],
    ['a bad option code', { options: ['-X'] }, 'Option "-X" is not a valid option code (1 to 64 letters, digits, ".", "_", ":" or "-").'],
    ['an option that is no code', { options: [42] }, 'Option 42 is not a code or a {code, until} object.'],
    ['expiresAt before issuedAt', { expiresAt: '2026-01-01T00:00:00Z' }, 'expiresAt must be later than issuedAt.'],
    ['an invalid maintenanceUntil', { maintenanceUntil: 'never' }, 'maintenanceUntil is not a valid date: "never".'],
    ['a bad hardware id', { hardwareId: 'xyz' }, 'The hardware id must be 32 lowercase hexadecimal characters.'],
    ['sequence 0', { sequence: 0 }, 'The sequence number must be a whole number from 1 to 4294967295.'],
  ])('refuses %s', (_name, change, message) => {
    expect(() => buildLicensePayloadV2({ ...input, ...(change as object) } as typeof input)).toThrow(message)
  })
})

describe('serializeLicensePayloadV2', () => {
  it('writes canonical JSON: fixed key order, no white space', () => {
    const text = serializeLicensePayloadV2(valid).toString('utf8')
    expect(text).toBe(
      '{"v":2,"licenseId":"LIC-2026-0001","serial":"123456","modelId":42,"hardwareId":"00112233445566778899aabbccddeeff","options":[{"code":"BACNET","until":"2027-01-01T00:00:00.000Z"},{"code":"CANOPEN","until":null},{"code":"MODBUS","until":null}],"maintenanceUntil":null,"sequence":1,"issuedAt":"2026-01-15T09:30:00.000Z","expiresAt":null}',
    )
  })
  it('orders keys whatever order the object has', () => {
    const { v, licenseId, ...rest } = valid
    const shuffled: LicensePayloadV2 = { ...rest, options: valid.options.map((o) => ({ until: o.until, code: o.code })), licenseId, v }
    expect(Object.keys(shuffled)[0]).not.toBe('v')
    expect(serializeLicensePayloadV2(shuffled).equals(serializeLicensePayloadV2(valid))).toBe(true)
  })
})

describe('licensePayloadV2Problem', () => {
  it('accepts a built payload', () => {
    expect(licensePayloadV2Problem(valid)).toBeNull()
  })
  it.each([
    ['not an object', [], 'The license payload is not a JSON object.'],
    ['version 1', { ...valid, v: 1 }, 'The license payload has version 1; a format 2 license has version 2.'],
    ['an extra field', { ...valid, extra: 1 }, 'The license payload has unexpected fields: extra.'],
    ['a missing field', { ...valid, maintenanceUntil: undefined }, 'The license payload lacks the fields: maintenanceUntil.'],
    ['options as strings', { ...valid, options: ['A'] }, 'Each option must be a {"code","until"} object.'],
    ['an option with an extra field', { ...valid, options: [{ code: 'A', until: null, x: 1 }] }, 'An option has unexpected fields: x.'],
    ['an option without until', { ...valid, options: [{ code: 'A' }] }, 'An option lacks the fields: until.'],
    ['unsorted options', { ...valid, options: [{ code: 'B', until: null }, { code: 'A', until: null }] }, 'The options must be sorted by code and unique.'],
    ['duplicate options', { ...valid, options: [{ code: 'A', until: null }, { code: 'A', until: null }] }, 'The options must be sorted by code and unique.'],
    ['an until without milliseconds', { ...valid, options: [{ code: 'A', until: '2027-01-01T00:00:00Z' }] }, 'The end date of option A must be null or an ISO-8601 UTC time with milliseconds.'],
    ['maintenanceUntil as a date only', { ...valid, maintenanceUntil: '2027-02-28' }, 'maintenanceUntil must be null or an ISO-8601 UTC time with milliseconds, like 2027-01-31T23:59:59.999Z.'],
    ['options not a list', { ...valid, options: 'A' }, 'The options must be a list of {"code","until"} objects.'],
  ])('%s', (_name, value, message) => {
    expect(licensePayloadV2Problem(JSON.parse(JSON.stringify(value)))).toBe(message)
  })
})
