/** The languages of the product — the portal, e-mails, content locales and a user's `language` — in one place. */
export const LANGS = ['en', 'ru'] as const
export type Lang = (typeof LANGS)[number]
export const LANG_LABELS: Record<Lang, string> = { en: 'English', ru: 'Русский' }

export const isLang = (value: unknown): value is Lang => LANGS.some((l) => l === value)
/** A stored or requested language, English when it is none of ours. */
export const langOf = (value: unknown): Lang => (isLang(value) ? value : 'en')
