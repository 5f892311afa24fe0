/**
 * What the two mails about an option with an end date share (option-ending, option-ended): their
 * context, the end written in the reader's language with the time zone (every end is counted in UTC),
 * counted days and months, and the one link that keeps the option — the buy page with the option and,
 * for a rental, the period chosen, so the customer only confirms.
 */
import { buyUrl, controllerUrl } from './links'
import type { Lang } from './types'

export interface DatedOptionMailContext {
  name: string
  serial: string
  controllerId: string
  code: string
  /** The option's name in the reader's language. */
  optionName: string
  /** The end, ISO-8601 UTC. */
  until: string
  /** How the controller had the option: a free trial, a rental, or given by PUMOTIX staff. */
  source: 'trial' | 'rental' | 'grant'
  /** Rentals: the period the renewal link orders (the one rented last while it is still offered). */
  renewMonths?: number | null
  /** Whether the option can be bought outright now, or rented now. Neither: it is no longer offered. */
  canBuy?: boolean
  canRent?: boolean
  baseUrl?: string
}

const LOCALES: Record<Lang, string> = { en: 'en-US', ru: 'ru-RU' }

/** "December 9, 2026 at 10:05 UTC" / "9 декабря 2026 г. в 10:05 UTC". */
export function formatEnd(iso: string, lang: Lang): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return String(iso)
  return new Intl.DateTimeFormat(LOCALES[lang], { year: 'numeric', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23', timeZone: 'UTC', timeZoneName: 'short' }).format(d)
}

const ruForms = (n: number, [one, few, many]: [string, string, string]) => {
  const form = new Intl.PluralRules('ru').select(n)
  return `${n} ${form === 'one' ? one : form === 'few' ? few : many}`
}

export const countDays = (n: number, lang: Lang) => (lang === 'ru' ? ruForms(n, ['день', 'дня', 'дней']) : `${n} day${n === 1 ? '' : 's'}`)
export const countMonths = (n: number, lang: Lang) => (lang === 'ru' ? ruForms(n, ['месяц', 'месяца', 'месяцев']) : `${n} month${n === 1 ? '' : 's'}`)

/** The action a mail offers: renew a rental for its period, buy and/or rent the option, or (not offered any more) open the controller. */
export type KeepAction = { kind: 'renew'; months: number; url: string } | { kind: 'buy' | 'rent' | 'buy-or-rent'; url: string } | { kind: 'none'; url: string }

export function keepAction(c: DatedOptionMailContext): KeepAction {
  if (c.source === 'rental' && c.renewMonths && c.canRent) return { kind: 'renew', months: c.renewMonths, url: buyUrl(c.controllerId, c.code, c.renewMonths, c.baseUrl) }
  const kind = c.canBuy && c.canRent ? 'buy-or-rent' : c.canBuy ? 'buy' : c.canRent ? 'rent' : 'none'
  return kind === 'none' ? { kind, url: controllerUrl(c.controllerId, c.baseUrl) } : { kind, url: buyUrl(c.controllerId, c.code, null, c.baseUrl) }
}

/** The words for the action, shared by both mails: what to do, the button, and what follows the payment. */
export const keepWords = {
  en: {
    renew: (m: string) => `Renew it for another ${m}: the link opens the order with this period chosen, and one button places it. The new period starts when the current one ends.`,
    renewButton: (m: string) => `Renew for ${m}`,
    rentAgain: (m: string) => `Rent it again for ${m}: the link opens the order with this period chosen, and one button places it. The new period starts when it is paid.`,
    rentAgainButton: (m: string) => `Rent again for ${m}`,
    'buy-or-rent': 'You can buy it outright or rent it, at any time:',
    buy: 'You can buy it outright at any time:',
    rent: 'You can rent it at any time:',
    button: { 'buy-or-rent': (code: string) => `Buy or rent ${code}`, buy: (code: string) => `Buy ${code}`, rent: (code: string) => `Rent ${code}` },
    none: 'The option is no longer offered; please contact us if you need it.',
    noneButton: 'Open the controller',
    afterPayment: 'Once it is paid, download the new license from the controller page and load it into the controller.',
  },
  ru: {
    renew: (m: string) => `Продлите её ещё на ${m}: по ссылке откроется заказ с этим сроком, оформить его — одна кнопка. Новый срок начнётся, когда закончится текущий.`,
    renewButton: (m: string) => `Продлить на ${m}`,
    rentAgain: (m: string) => `Арендуйте её снова на ${m}: по ссылке откроется заказ с этим сроком, оформить его — одна кнопка. Новый срок начнётся после оплаты.`,
    rentAgainButton: (m: string) => `Арендовать снова на ${m}`,
    'buy-or-rent': 'Опцию можно в любой момент купить навсегда или арендовать:',
    buy: 'Опцию можно в любой момент купить навсегда:',
    rent: 'Опцию можно в любой момент арендовать:',
    button: { 'buy-or-rent': (code: string) => `Купить или арендовать ${code}`, buy: (code: string) => `Купить ${code}`, rent: (code: string) => `Арендовать ${code}` },
    none: 'Эта опция больше не продаётся; если она вам нужна, свяжитесь с нами.',
    noneButton: 'Открыть контроллер',
    afterPayment: 'После оплаты скачайте новую лицензию на странице контроллера и загрузите её в контроллер.',
  },
}

/** The action as a sentence and a button label; `ended`: the option has ended (a rental is rented again rather than renewed). */
export function keepText(c: DatedOptionMailContext, lang: Lang, ended: boolean): { sentence: string; label: string; url: string; afterPayment: string | null } {
  const w = keepWords[lang]
  const a = keepAction(c)
  if (a.kind === 'renew') {
    const m = countMonths(a.months, lang)
    return { sentence: ended ? w.rentAgain(m) : w.renew(m), label: ended ? w.rentAgainButton(m) : w.renewButton(m), url: a.url, afterPayment: w.afterPayment }
  }
  if (a.kind === 'none') return { sentence: w.none, label: w.noneButton, url: a.url, afterPayment: null }
  return { sentence: w[a.kind], label: w.button[a.kind](c.code), url: a.url, afterPayment: w.afterPayment }
}
