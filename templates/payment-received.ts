import { button, escapeHtml, layoutHtml, layoutText, paragraph } from './layout'
import { controllerUrl } from './links'
import type { MailTemplate } from './types'

/** Sent when the payment for an order arrived: the options can now be switched on. */
export interface PaymentReceivedContext {
  name: string
  number: string
  controllerId: string
  options: Array<{ code: string; name?: string }>
  baseUrl?: string
}

const words = {
  en: {
    subject: (n: string) => `Payment received for PUMOTIX order ${n}: your options are available`,
    hello: (n: string) => `Hello ${n},`,
    body: (n: string) => `we have received the payment for order ${n}. These options are now available on your controller:`,
    next: 'Open the controller page to switch them on and download the new license file.',
    action: 'Open the controller',
  },
  ru: {
    subject: (n: string) => `Оплата заказа PUMOTIX ${n} получена: опции доступны`,
    hello: (n: string) => `Здравствуйте, ${n}!`,
    body: (n: string) => `Мы получили оплату заказа ${n}. Теперь на вашем контроллере доступны опции:`,
    next: 'Откройте страницу контроллера, чтобы включить их и скачать новый файл лицензии.',
    action: 'Открыть контроллер',
  },
}

const label = (o: { code: string; name?: string }) => (o.name && o.name !== o.code ? `${o.name} (${o.code})` : o.code)

export const paymentReceived: MailTemplate<PaymentReceivedContext> = {
  subject: (c, lang) => words[lang].subject(c.number),
  html: (c, lang) =>
    layoutHtml(
      lang,
      words[lang].subject(c.number),
      paragraph(words[lang].hello(c.name)) +
        paragraph(words[lang].body(c.number)) +
        `<ul style="margin:0 0 12px">${c.options.map((o) => `<li>${escapeHtml(label(o))}</li>`).join('')}</ul>` +
        paragraph(words[lang].next) +
        button(controllerUrl(c.controllerId, c.baseUrl), words[lang].action),
    ),
  text: (c, lang) =>
    layoutText(
      lang,
      words[lang].subject(c.number),
      `${words[lang].hello(c.name)}\n\n${words[lang].body(c.number)}\n${c.options.map((o) => `- ${label(o)}`).join('\n')}\n\n${words[lang].next}\n${controllerUrl(c.controllerId, c.baseUrl)}`,
    ),
}
