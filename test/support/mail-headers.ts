import type { ParsedMail } from 'mailparser'

/** A header's raw value (mailparser folds List-* headers into a structure; the tests want the text). */
export function rawHeader(mail: ParsedMail, name: string): string | undefined {
  const line = mail.headerLines.find((h) => h.key.toLowerCase() === name.toLowerCase())
  return line ? line.line.slice(line.line.indexOf(':') + 1).replace(/\r?\n[ \t]+/g, ' ').trim() : undefined
}

export const recipientOf = (mail: ParsedMail): string => (Array.isArray(mail.to) ? mail.to[0] : mail.to)?.value[0]?.address ?? ''

/** The first link in the text part that starts with `prefix`. */
export function linkIn(mail: ParsedMail, prefix: string): string {
  const found = (mail.text ?? '').match(/https?:\/\/\S+/g)?.find((u) => u.startsWith(prefix))
  if (!found) throw new Error(`no link starting with ${prefix} in: ${mail.text}`)
  return found
}
