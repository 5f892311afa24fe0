/** Hardware ids as stored: 32 lower-case hex digits; people may type them in upper case or with spaces, colons or dashes. */
export const cleanHardwareId = (text: string): string => text.replace(/[\s:-]/g, '').toLowerCase()
