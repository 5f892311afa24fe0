import { button, escapeHtml, layoutHtml, layoutText, paragraph } from './layout'
import { orderUrl } from './links'
import { formatDate, formatMoney } from './money'
import type { Lang, MailTemplate } from './types'

/** The bill: sent when a customer places an order; paid by bank transfer with the order number as reference. */
export interface OrderPlacedContext {
  name: string
  orderId: string
  number: string
  serial?: string
  items: Array<{ code: string; name: string; unitPrice: number; currency?: string; quantity?: number; months?: number | null }>
  total: number
  currency: string
  seller: { name: string; address?: string; vatId?: string; bankName: string; iban: string; bic: string; accountHolder?: string }
  dueAt?: string | null
  baseUrl?: string
}

const words = {
  en: {
    subject: (n: string) => `Your PUMOTIX order ${n}: bill for payment`,
    hello: (n: string) => `Hello ${n},`,
    intro: (n: string, s?: string) => `thank you for your order ${n}${s ? ` for controller ${s}` : ''}. Please pay it by bank transfer.`,
    item: 'Item',
    months: (n: number) => `rented for ${n} month${n === 1 ? '' : 's'}`,
    price: 'Price',
    total: 'Total',
    bank: 'Bank details',
    payee: 'Payee',
    bankName: 'Bank',
    reference: 'Payment reference',
    referenceNote: 'Please quote the payment reference exactly, so we can match your payment.',
    due: (d: string) => `Please pay by ${d}.`,
    action: 'Open the bill',
    after: 'The options become available on your controller as soon as the payment arrives; we will tell you by e-mail.',
  },
  ru: {
    subject: (n: string) => `Ваш заказ PUMOTIX ${n}: счёт на оплату`,
    hello: (n: string) => `Здравствуйте, ${n}!`,
    intro: (n: string, s?: string) => `Спасибо за заказ ${n}${s ? ` для контроллера ${s}` : ''}. Оплатите его банковским переводом.`,
    item: 'Позиция',
    months: (n: number) => `аренда на ${n} мес.`,
    price: 'Цена',
    total: 'Итого',
    bank: 'Банковские реквизиты',
    payee: 'Получатель',
    bankName: 'Банк',
    reference: 'Назначение платежа',
    referenceNote: 'Укажите назначение платежа в точности, чтобы мы могли сопоставить платёж с заказом.',
    due: (d: string) => `Оплатите, пожалуйста, до ${d}.`,
    action: 'Открыть счёт',
    after: 'Опции станут доступны на контроллере, как только поступит оплата; мы сообщим об этом письмом.',
  },
}

function bankRows(c: OrderPlacedContext, lang: Lang): Array<[string, string]> {
  const w = words[lang]
  return [
    [w.payee, c.seller.accountHolder || c.seller.name],
    [w.bankName, c.seller.bankName],
    ['IBAN', c.seller.iban],
    ['BIC', c.seller.bic],
    ...(c.seller.vatId ? ([['VAT / ИНН', c.seller.vatId]] as Array<[string, string]>) : []),
    [w.reference, c.number],
  ]
}

const cell = 'padding:6px 8px;border-bottom:1px solid #e3e7eb'

export const orderPlaced: MailTemplate<OrderPlacedContext> = {
  subject: (c, lang) => words[lang].subject(c.number),
  html: (c, lang) => {
    const w = words[lang]
    const items = c.items
      .map((i) => `<tr><td style="${cell}">${escapeHtml(i.name)} <span style="color:#5b6672">(${escapeHtml(i.code)}${i.months ? `, ${escapeHtml(w.months(i.months))}` : ''})</span></td><td style="${cell};text-align:right;white-space:nowrap">${escapeHtml(formatMoney(i.unitPrice * (i.quantity ?? 1), i.currency ?? c.currency, lang))}</td></tr>`)
      .join('')
    const table = `<table role="presentation" width="100%" cellpadding="0" cellspacing="0" style="border-collapse:collapse;margin:0 0 16px"><tr><th align="left" style="${cell}">${w.item}</th><th align="right" style="${cell}">${w.price}</th></tr>${items}<tr><td style="${cell};font-weight:700">${w.total}</td><td style="${cell};text-align:right;font-weight:700;white-space:nowrap">${escapeHtml(formatMoney(c.total, c.currency, lang))}</td></tr></table>`
    const bank = `<h2 style="font-size:16px;margin:16px 0 8px">${w.bank}</h2><table role="presentation" cellpadding="0" cellspacing="0" style="margin:0 0 12px">${bankRows(c, lang)
      .map(([k, v]) => `<tr><td style="padding:2px 12px 2px 0;color:#5b6672">${escapeHtml(k)}</td><td style="padding:2px 0;font-weight:600">${escapeHtml(v)}</td></tr>`)
      .join('')}</table>`
    const due = formatDate(c.dueAt, lang)
    return layoutHtml(
      lang,
      w.subject(c.number),
      paragraph(w.hello(c.name)) + paragraph(w.intro(c.number, c.serial)) + table + bank + paragraph(w.referenceNote) + (due ? paragraph(w.due(due)) : '') + button(orderUrl(c.orderId, c.baseUrl), w.action) + paragraph(w.after),
    )
  },
  text: (c, lang) => {
    const w = words[lang]
    const items = c.items.map((i) => `- ${i.name} (${i.code}${i.months ? `, ${w.months(i.months)}` : ''}): ${formatMoney(i.unitPrice * (i.quantity ?? 1), i.currency ?? c.currency, lang)}`).join('\n')
    const bank = bankRows(c, lang).map(([k, v]) => `${k}: ${v}`).join('\n')
    const due = formatDate(c.dueAt, lang)
    return layoutText(
      lang,
      w.subject(c.number),
      `${w.hello(c.name)}\n\n${w.intro(c.number, c.serial)}\n\n${items}\n${w.total}: ${formatMoney(c.total, c.currency, lang)}\n\n${w.bank}\n${bank}\n\n${w.referenceNote}\n${due ? w.due(due) + '\n' : ''}\n${w.action}: ${orderUrl(c.orderId, c.baseUrl)}\n\n${w.after}`,
    )
  },
}
