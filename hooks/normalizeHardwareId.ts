import type { FieldHook } from 'payload'

import { cleanHardwareId } from '@/domain/hardware-id'

/** Hardware ids are stored as 32 lower-case hex digits; people may type them in upper case or with spaces. */
export const normalizeHardwareId: FieldHook = ({ value }) => (typeof value === 'string' ? cleanHardwareId(value) : value)

export const validateHardwareId = (value: unknown) =>
  typeof value === 'string' && /^[0-9a-f]{32}$/.test(value) ? true : 'Hardware id: 32 hexadecimal digits (0-9, a-f).'
