/** Money in e-mails: amounts are integer minor units plus an ISO 4217 currency, formatted for the language. */
import type { Lang } from './types'

const LOCALES: Record<Lang, string> = { en: 'en-US', ru: 'ru-RU' }

export function minorDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
}

export function formatMoney(minor: unknown, currency: unknown, lang: Lang): string {
  const code = String(currency || 'EUR').toUpperCase()
  const amount = Number(minor)
  if (!Number.isFinite(amount)) return '—'
  return new Intl.NumberFormat(LOCALES[lang], { style: 'currency', currency: code }).format(amount / 10 ** minorDigits(code))
}

export function formatDate(value: unknown, lang: Lang): string {
  if (!value) return ''
  const d = new Date(String(value))
  if (Number.isNaN(d.getTime())) return ''
  return new Intl.DateTimeFormat(LOCALES[lang], { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(d)
}
