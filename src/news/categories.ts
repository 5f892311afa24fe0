/** The news categories, their labels in both languages. */
import type { Lang } from '@/i18n/languages'

export const NEWS_CATEGORIES = [
  { value: 'news', label: { en: 'News', ru: 'Новости' } },
  { value: 'firmware', label: { en: 'Firmware', ru: 'Прошивки' } },
  { value: 'promotion', label: { en: 'Promotion', ru: 'Акции' } },
] as const

export type NewsCategory = (typeof NEWS_CATEGORIES)[number]['value']

export const isNewsCategory = (value: unknown): value is NewsCategory => NEWS_CATEGORIES.some((c) => c.value === value)

export const categoryLabel = (value: unknown, lang: Lang): string =>
  NEWS_CATEGORIES.find((c) => c.value === value)?.label[lang] ?? String(value ?? '')
