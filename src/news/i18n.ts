/** The news pages' own words (the portal dictionary belongs to the portal; these are news-only). */
import type { Lang } from '@/i18n/languages'

export const newsWords = {
  en: {
    title: 'News',
    description: 'News, firmware releases and offers from PUMOTIX, the maker of CNC controllers.',
    all: 'All',
    filter: 'Category',
    readMore: 'Read more',
    empty: 'No news in this category yet.',
    previous: 'Newer',
    next: 'Older',
    page: (n: number, of: number) => `Page ${n} of ${of}`,
    back: 'All news',
    feed: 'RSS feed',
    preview: 'Preview of a draft: readers do not see this version yet.',
    by: 'by',
    needsUpdates: (date: string) => `Needs firmware updates covered until at least ${date}.`,
    needsUpdatesHint: 'Your controller’s page in My controllers says until when its updates are covered.',
  },
  ru: {
    title: 'Новости',
    description: 'Новости, выпуски прошивок и предложения PUMOTIX — производителя систем ЧПУ.',
    all: 'Все',
    filter: 'Категория',
    readMore: 'Подробнее',
    empty: 'В этой категории пока нет новостей.',
    previous: 'Новее',
    next: 'Старше',
    page: (n: number, of: number) => `Страница ${n} из ${of}`,
    back: 'Все новости',
    feed: 'RSS-лента',
    preview: 'Предпросмотр черновика: читатели пока не видят эту версию.',
    by: 'автор',
    needsUpdates: (date: string) => `Нужны обновления прошивки, доступные как минимум до ${date}.`,
    needsUpdatesHint: 'До какой даты доступны обновления вашего контроллера, видно на его странице в разделе «Мои контроллеры».',
  },
} satisfies Record<Lang, unknown>

const LOCALES: Record<Lang, string> = { en: 'en-GB', ru: 'ru-RU' }

export const formatNewsDate = (value: string | null | undefined, lang: Lang) =>
  value ? new Intl.DateTimeFormat(LOCALES[lang], { year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' }).format(new Date(value)) : ''
