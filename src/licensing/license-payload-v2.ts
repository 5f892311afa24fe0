/**
 * License payload, version 2: like version 1, but each option carries its own end date (`until`)
 * and the payload says until when firmware builds may be installed (`maintenanceUntil`). Its
 * bytes are canonical: fixed key order, no white space, options sorted by code and unique, times
 * as Date.prototype.toISOString writes them.
 */
import { isIsoUtc, LICENSE_ID_PATTERN, OPTION_CODE_PATTERN, toIso } from './license-payload'

export interface LicenseOptionV2 {
  /** Option code (same rules as version 1). */
  code: string
  /** ISO-8601 UTC time after which the option is not active; null = permanent. */
  until: string | null
}

export interface LicensePayloadV2 {
  v: 2
  licenseId: string
  /** Controller serial number, plain decimal (0..4294967295, no leading zeros). */
  serial: string
  modelId: number
  /** 32 lowercase hex characters. */
  hardwareId: string
  /** Sorted by code (code unit order) and unique. */
  options: LicenseOptionV2[]
  /** Last moment (ISO-8601 UTC) a firmware build may be from to run these options; null = no limit. */
  maintenanceUntil: string | null
  /** 1, 2, 3… for successive licenses of one controller. */
  sequence: number
  /** ISO-8601 UTC with milliseconds. */
  issuedAt: string
  /** Same format, or null: the whole license stops being valid after this time (as in version 1). */
  expiresAt: string | null
}

export const PAYLOAD_V2_KEYS = ['v', 'licenseId', 'serial', 'modelId', 'hardwareId', 'options', 'maintenanceUntil', 'sequence', 'issuedAt', 'expiresAt'] as const
const OPTION_KEYS = ['code', 'until'] as const
const UINT32_MAX = 0xffffffff

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function keysProblem(what: string, value: Record<string, unknown>, expected: readonly string[]): string | null {
  const keys = Object.keys(value)
  const unknown = keys.filter((k) => !expected.includes(k))
  if (unknown.length > 0) return `${what} has unexpected fields: ${unknown.join(', ')}.`
  const missing = expected.filter((k) => !keys.includes(k))
  if (missing.length > 0) return `${what} lacks the fields: ${missing.join(', ')}.`
  return null
}

/**
 * Returns null when `value` is a valid version 2 payload, otherwise a sentence saying what is
 * wrong. Strict: exactly the ten keys, options with exactly `code` and `until`, canonical values.
 */
export function licensePayloadV2Problem(value: unknown): string | null {
  if (!isPlainObject(value)) return 'The license payload is not a JSON object.'
  const p = value
  if (p.v !== 2) return `The license payload has version ${JSON.stringify(p.v)}; a format 2 license has version 2.`
  const keys = keysProblem('The license payload', p, PAYLOAD_V2_KEYS)
  if (keys) return keys
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
  if (!isIsoUtc(p.issuedAt)) return 'issuedAt must be an ISO-8601 UTC time with milliseconds, like 2026-01-31T12:00:00.000Z.'
  const issuedAt = p.issuedAt
  if (!Array.isArray(p.options)) return 'The options must be a list of {"code","until"} objects.'
  let previous: string | null = null
  for (const option of p.options as unknown[]) {
    if (!isPlainObject(option)) return 'Each option must be a {"code","until"} object.'
    const optionKeys = keysProblem('An option', option, OPTION_KEYS)
    if (optionKeys) return optionKeys
    const code = option.code
    if (typeof code !== 'string' || !OPTION_CODE_PATTERN.test(code)) {
      return `Option ${JSON.stringify(code)} is not a valid option code (1 to 64 letters, digits, ".", "_", ":" or "-").`
    }
    if (previous !== null && !(previous < code)) return 'The options must be sorted by code and unique.'
    previous = code
    if (option.until !== null) {
      if (!isIsoUtc(option.until)) return `The end date of option ${code} must be null or an ISO-8601 UTC time with milliseconds.`
      if (option.until <= issuedAt) return `The end date of option ${code} must be later than issuedAt.`
    }
  }
  if (p.maintenanceUntil !== null && !isIsoUtc(p.maintenanceUntil)) {
    return 'maintenanceUntil must be null or an ISO-8601 UTC time with milliseconds, like 2027-01-31T23:59:59.999Z.'
  }
  if (typeof p.sequence !== 'number' || !Number.isInteger(p.sequence) || p.sequence < 1 || p.sequence > UINT32_MAX) {
    return `The sequence number must be a whole number from 1 to ${UINT32_MAX}.`
  }
  if (p.expiresAt !== null) {
    if (!isIsoUtc(p.expiresAt)) return 'expiresAt must be null or an ISO-8601 UTC time with milliseconds, like 2027-01-31T12:00:00.000Z.'
    if (p.expiresAt <= issuedAt) return 'expiresAt must be later than issuedAt.'
  }
  return null
}

export interface LicenseOptionV2Input {
  code: string
  /** Missing or null = permanent. */
  until?: Date | string | null
}

export type LicensePayloadV2Input = Omit<LicensePayloadV2, 'v' | 'options' | 'maintenanceUntil' | 'issuedAt' | 'expiresAt'> & {
  /** A bare code is a permanent option. */
  options: (string | LicenseOptionV2Input)[]
  maintenanceUntil?: Date | string | null
  issuedAt: Date | string
  expiresAt?: Date | string | null
}

/** The later of two end dates, null (permanent) being the latest. */
function laterUntil(a: string | null, b: string | null): string | null {
  if (a === null || b === null) return null
  return a > b ? a : b
}

/**
 * Builds a canonical version 2 payload: options sorted by code; an option given twice is kept
 * once with the later end date (permanent wins); dates normalised to toISOString(); hardware id
 * lower-cased; serial without leading zeros. Throws RangeError with a clear message when a field
 * is invalid.
 */
export function buildLicensePayloadV2(input: LicensePayloadV2Input): LicensePayloadV2 {
  const serialText = typeof input.serial === 'number' ? String(input.serial) : input.serial
  if (!Array.isArray(input.options)) throw new RangeError('The options must be a list.')
  const byCode = new Map<string, string | null>()
  for (const item of input.options) {
    const option: LicenseOptionV2Input = typeof item === 'string' ? { code: item } : item
    if (!isPlainObject(option) || typeof option.code !== 'string') throw new RangeError(`Option ${JSON.stringify(item)} is not a code or a {code, until} object.`)
    const until = option.until == null ? null : toIso(`The end date of option ${option.code}`, option.until)
    byCode.set(option.code, byCode.has(option.code) ? laterUntil(byCode.get(option.code) ?? null, until) : until)
  }
  const options = [...byCode.keys()].sort().map((code) => ({ code, until: byCode.get(code) ?? null }))
  const payload: LicensePayloadV2 = {
    v: 2,
    licenseId: input.licenseId,
    serial: typeof serialText === 'string' && /^\d{1,10}$/.test(serialText) ? String(Number(serialText)) : serialText,
    modelId: input.modelId,
    hardwareId: typeof input.hardwareId === 'string' ? input.hardwareId.toLowerCase() : input.hardwareId,
    options,
    maintenanceUntil: input.maintenanceUntil == null ? null : toIso('maintenanceUntil', input.maintenanceUntil),
    sequence: input.sequence,
    issuedAt: toIso('issuedAt', input.issuedAt),
    expiresAt: input.expiresAt == null ? null : toIso('expiresAt', input.expiresAt),
  }
  const problem = licensePayloadV2Problem(payload)
  if (problem) throw new RangeError(problem)
  return payload
}

/** Canonical UTF-8 JSON bytes of a version 2 payload, keys in the fixed order. */
export function serializeLicensePayloadV2(p: LicensePayloadV2): Buffer {
  const ordered = {
    v: p.v,
    licenseId: p.licenseId,
    serial: p.serial,
    modelId: p.modelId,
    hardwareId: p.hardwareId,
    options: p.options.map((o) => ({ code: o.code, until: o.until })),
    maintenanceUntil: p.maintenanceUntil,
    sequence: p.sequence,
    issuedAt: p.issuedAt,
    expiresAt: p.expiresAt,
  }
  return Buffer.from(JSON.stringify(ordered), 'utf8')
}
