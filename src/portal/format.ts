/** Dates and money in the reader's language (Intl); amounts are integers in minor units (cents, kopecks). */
import type { Lang } from './i18n'

const locales: Record<Lang, string> = { en: 'en-GB', ru: 'ru-RU' }

function toDate(value: unknown): Date | null {
  if (value == null || value === '') return null
  const d = value instanceof Date ? value : new Date(String(value))
  return Number.isNaN(d.getTime()) ? null : d
}

/** One formatter per language and kind, made on first use: constructing an Intl formatter costs far more than formatting (a list formats one date per row). */
function memo<F>(make: (locale: string) => F): (lang: Lang) => F {
  const made = new Map<Lang, F>()
  return (lang) => {
    let f = made.get(lang)
    if (!f) made.set(lang, (f = make(locales[lang])))
    return f
  }
}
const dateFormat = memo((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }))
const dateTimeFormat = memo((locale) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' }))

export function formatDate(lang: Lang, value: unknown): string {
  const d = toDate(value)
  return d ? dateFormat(lang).format(d) : '—'
}

export function formatDateTime(lang: Lang, value: unknown): string {
  const d = toDate(value)
  return d ? dateTimeFormat(lang).format(d) + ' UTC' : '—'
}

export function formatMoney(lang: Lang, minor: unknown, currency: unknown): string {
  const amount = typeof minor === 'number' && Number.isFinite(minor) ? minor : 0
  const code = typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : 'EUR'
  return new Intl.NumberFormat(locales[lang], { style: 'currency', currency: code }).format(amount / 100)
}
