/** The portal's languages and dictionaries; fmt() fills {placeholders}. Safe to import anywhere. */
import { en, type Dict } from './en'
import { ru } from './ru'

import type { Lang } from '@/i18n/languages'

export { isLang, LANG_LABELS, LANGS, type Lang } from '@/i18n/languages'
export const LANG_COOKIE = 'lang'

const dictionaries: Record<Lang, Dict> = { en, ru }

export function dict(lang: Lang): Dict {
  return dictionaries[lang]
}

/** Fills `{name}` placeholders: fmt('Hello {name}', { name: 'Ann' }). Unknown names stay as they are. */
export function fmt(text: string, vars: Record<string, string | number> = {}): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => (key in vars ? String(vars[key]) : whole))
}

/** Words that change with a number: Intl.PluralRules picks the form (English: one/other; Russian: one/few/many/other). */
export interface Plural {
  one: string
  few: string
  many: string
  other: string
}

const pluralRules: Record<Lang, Intl.PluralRules> = { en: new Intl.PluralRules('en-GB'), ru: new Intl.PluralRules('ru-RU') }

/** The form of `forms` for `n` in `lang`, with {n} (and any other placeholders) filled. */
export function plural(lang: Lang, forms: Plural, n: number, vars: Record<string, string | number> = {}): string {
  const rule = pluralRules[lang].select(n)
  const form = rule === 'one' || rule === 'few' || rule === 'many' ? forms[rule] : forms.other
  return fmt(form, { n, ...vars })
}

export type { Dict }
