/**
 * License payload, version 1: the JSON object that is signed. Its bytes are canonical: fixed key
 * order, no white space, options sorted and unique, dates as Date.prototype.toISOString gives them.
 */

export interface LicensePayload {
  v: 1
  licenseId: string
  /** Controller serial number, plain decimal (0..4294967295, no leading zeros). */
  serial: string
  modelId: number
  /** 32 lowercase hex characters. */
  hardwareId: string
  /** Option codes, sorted (by code unit, i.e. ASCII order) and unique. */
  options: string[]
  /** 1, 2, 3… for successive licenses of one controller. */
  sequence: number
  /** ISO-8601 UTC with milliseconds, e.g. 2026-01-31T12:00:00.000Z. */
  issuedAt: string
  /** Same format, or null for a license that does not expire. */
  expiresAt: string | null
}

export const PAYLOAD_KEYS = ['v', 'licenseId', 'serial', 'modelId', 'hardwareId', 'options', 'sequence', 'issuedAt', 'expiresAt'] as const
export const LICENSE_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/
export const OPTION_CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,63}$/
export const ISO_UTC_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/
const UINT32_MAX = 0xffffffff

export function isIsoUtc(value: unknown): value is string {
  if (typeof value !== 'string' || !ISO_UTC_PATTERN.test(value)) return false
  const date = new Date(value)
  return !Number.isNaN(date.getTime()) && date.toISOString() === value
}

/**
 * Returns null when `value` is a valid version 1 payload, otherwise a sentence saying what is
 * wrong. Strict: exactly the nine keys, canonical values.
 */
export function licensePayloadProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'The license payload is not a JSON object.'
  const p = value as Record<string, unknown>
  if (p.v !== 1) return `The license payload has version ${JSON.stringify(p.v)}; only version 1 is supported.`
  const keys = Object.keys(p)
  const unknown = keys.filter((k) => !(PAYLOAD_KEYS as readonly string[]).includes(k))
  if (unknown.length > 0) return `The license payload has unexpected fields: ${unknown.join(', ')}.`
  const missing = PAYLOAD_KEYS.filter((k) => !keys.includes(k))
  if (missing.length > 0) return `The license payload lacks the fields: ${missing.join(', ')}.`
  if (typeof p.licenseId !== 'string' || !LICENSE_ID_PATTERN.test(p.licenseId)) {
    return 'The license id must be 1 to 128 characters: letters, digits, ".", "_", ":" or "-", starting with a letter or digit.'
  }
  if (typeof p.serial !== 'string' || !/^(0|[1-9]\d{0,9})$/.test(p.serial) || Number(p.serial) > UINT32_MAX) {
    return `The serial number must be a decimal string from 0 to ${UINT32_MAX} without leading zeros.`
  }
  if (typeof p.modelId !== 'number' || !Number.isInteger(p.modelId) || p.modelId < 0 || p.modelId > 0xffff) {
    return 'The model id must be a whole number from 0 to 65535.'
  }
  if (typeof p.hardwareId !== 'string' || !/^[0-9a-f]{32}$/.test(p.hardwareId)) {
    return 'The hardware id must be 32 lowercase hexadecimal characters.'
  }
  if (!Array.isArray(p.options)) return 'The options must be a list of option codes.'
  for (let i = 0; i < p.options.length; i++) {
    const code: unknown = p.options[i]
    if (typeof code !== 'string' || !OPTION_CODE_PATTERN.test(code)) {
      return `Option ${JSON.stringify(code)} is not a valid option code (1 to 64 letters, digits, ".", "_", ":" or "-").`
    }
    if (i > 0 && !(p.options[i - 1] < code)) return 'The option codes must be sorted and unique.'
  }
  if (typeof p.sequence !== 'number' || !Number.isInteger(p.sequence) || p.sequence < 1 || p.sequence > UINT32_MAX) {
    return `The sequence number must be a whole number from 1 to ${UINT32_MAX}.`
  }
  if (!isIsoUtc(p.issuedAt)) return 'issuedAt must be an ISO-8601 UTC time with milliseconds, like 2026-01-31T12:00:00.000Z.'
  if (p.expiresAt !== null) {
    if (!isIsoUtc(p.expiresAt)) return 'expiresAt must be null or an ISO-8601 UTC time with milliseconds, like 2027-01-31T12:00:00.000Z.'
    if (p.expiresAt <= p.issuedAt) return 'expiresAt must be later than issuedAt.'
  }
  return null
}

export function toIso(name: string, value: Date | string): string {
  const date = value instanceof Date ? value : typeof value === 'string' && value.trim() !== '' ? new Date(value) : new Date(NaN)
  if (Number.isNaN(date.getTime())) throw new RangeError(`${name} is not a valid date: ${JSON.stringify(String(value))}.`)
  const iso = date.toISOString()
  if (!ISO_UTC_PATTERN.test(iso)) throw new RangeError(`${name} must be between the years 0000 and 9999.`)
  return iso
}

export type LicensePayloadInput = Omit<LicensePayload, 'v' | 'options' | 'issuedAt' | 'expiresAt'> & {
  options: string[]
  issuedAt: Date | string
  expiresAt?: Date | string | null
}

/**
 * Builds a canonical payload: options sorted and de-duplicated, dates normalised to
 * toISOString(), hardware id lower-cased, serial written without leading zeros. Throws RangeError
 * with a clear message when a field is invalid.
 */
export function buildLicensePayload(input: LicensePayloadInput): LicensePayload {
  const serialText = typeof input.serial === 'number' ? String(input.serial) : input.serial
  const payload: LicensePayload = {
    v: 1,
    licenseId: input.licenseId,
    serial: typeof serialText === 'string' && /^\d{1,10}$/.test(serialText) ? String(Number(serialText)) : serialText,
    modelId: input.modelId,
    hardwareId: typeof input.hardwareId === 'string' ? input.hardwareId.toLowerCase() : input.hardwareId,
    options: Array.isArray(input.options) ? [...new Set(input.options)].sort() : input.options,
    sequence: input.sequence,
    issuedAt: toIso('issuedAt', input.issuedAt),
    expiresAt: input.expiresAt == null ? null : toIso('expiresAt', input.expiresAt),
  }
  const problem = licensePayloadProblem(payload)
  if (problem) throw new RangeError(problem)
  return payload
}

/** Canonical UTF-8 JSON bytes of a payload, keys in the fixed order. */
export function serializeLicensePayload(p: LicensePayload): Buffer {
  const ordered = {
    v: p.v,
    licenseId: p.licenseId,
    serial: p.serial,
    modelId: p.modelId,
    hardwareId: p.hardwareId,
    options: p.options,
    sequence: p.sequence,
    issuedAt: p.issuedAt,
    expiresAt: p.expiresAt,
  }
  return Buffer.from(JSON.stringify(ordered), 'utf8')
}
