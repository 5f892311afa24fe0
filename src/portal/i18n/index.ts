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

export type { Dict }
