/**
 * Crockford Base32 (https://www.crockford.com/base32.html) without check symbol:
 * alphabet 0123456789ABCDEFGHJKMNPQRSTVWXYZ, most significant bits first. When the bit count is
 * not a multiple of 5, the last character is padded with zero bits on the right.
 */

export const CROCKFORD_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ'

/** Value of one character, accepting lower case and reading O as 0 and I/L as 1; -1 if invalid. */
export function crockfordValue(ch: string): number {
  const upper = ch.toUpperCase()
  if (upper === 'O') return 0
  if (upper === 'I' || upper === 'L') return 1
  return upper.length === 1 ? CROCKFORD_ALPHABET.indexOf(upper) : -1
}

/** Encodes bytes as Crockford Base32 (upper case, no separators). */
export function crockfordEncode(bytes: Uint8Array): string {
  let out = ''
  let buffer = 0
  let bits = 0
  for (let i = 0; i < bytes.length; i++) {
    buffer = ((buffer << 8) | bytes[i]) & 0xffff
    bits += 8
    while (bits >= 5) {
      bits -= 5
      out += CROCKFORD_ALPHABET[(buffer >>> bits) & 31]
    }
  }
  if (bits > 0) out += CROCKFORD_ALPHABET[(buffer << (5 - bits)) & 31]
  return out
}

/**
 * Decodes Crockford Base32. Accepts any case, reads O as 0 and I/L as 1, and ignores spaces,
 * tabs, line breaks and dashes. Returns floor(5 * characters / 8) bytes; leftover padding bits
 * are dropped. Throws RangeError naming the first invalid character and its 1-based position
 * among the code characters (separators not counted).
 */
export function crockfordDecode(text: string): Uint8Array {
  const chars = Array.from(text).filter((c) => !/[\s-]/.test(c))
  const out = new Uint8Array(Math.floor((chars.length * 5) / 8))
  let buffer = 0
  let bits = 0
  let index = 0
  for (let i = 0; i < chars.length; i++) {
    const value = crockfordValue(chars[i])
    if (value < 0) {
      throw new RangeError(`Invalid Crockford Base32 character ${JSON.stringify(chars[i])} at position ${i + 1}`)
    }
    buffer = ((buffer << 5) | value) & 0xfff
    bits += 5
    if (bits >= 8) {
      bits -= 8
      if (index < out.length) out[index++] = (buffer >>> bits) & 0xff
    }
  }
  return out
}
