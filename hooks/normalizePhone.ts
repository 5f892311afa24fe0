import { parsePhoneNumberFromString } from 'libphonenumber-js/max'
import type { FieldHook } from 'payload'

/** Stores phone numbers in E.164; validation (validatePhone) has already rejected what cannot be parsed. */
export const normalizePhone: FieldHook = ({ value }) => {
  if (typeof value !== 'string' || value.trim() === '') return value
  const parsed = parsePhoneNumberFromString(value.trim(), 'RU')
  return parsed?.isValid() ? parsed.number : value
}

export function validatePhone(value: unknown): true | string {
  if (value == null || value === '') return 'Phone: enter a phone number with the country code, e.g. +49 30 1234567.'
  if (typeof value !== 'string') return 'Phone: must be text.'
  const parsed = parsePhoneNumberFromString(value.trim(), 'RU')
  if (!parsed || !parsed.isValid()) {
    return `Phone: "${value.slice(0, 40)}" is not a valid phone number; enter it with the country code, e.g. +49 30 1234567.`
  }
  return true
}
