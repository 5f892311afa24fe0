import { button, escapeHtml, layoutHtml, layoutText, paragraph } from './layout'
import { controllerUrl } from './links'
import type { MailTemplate } from './types'

/** Sent when a new license file was issued for a controller. */
export interface LicenseIssuedContext {
  name: string
  serial: string
  model?: string
  sequence: number
  options: string[]
  controllerId: string
  baseUrl?: string
}

const words = {
  en: {
    subject: (s: string) => `New license for your PUMOTIX controller ${s}`,
    hello: (n: string) => `Hello ${n},`,
    body: (s: string, m: string, q: number) => `license no. ${q} for controller ${s}${m ? ` (${m})` : ''} has been issued.`,
    options: 'Options in this license:',
    none: 'no options',
    next: 'Download the license file from the controller page and load it into the controller.',
    action: 'Open the controller',
  },
  ru: {
    subject: (s: string) => `Новая лицензия для контроллера PUMOTIX ${s}`,
    hello: (n: string) => `Здравствуйте, ${n}!`,
    body: (s: string, m: string, q: number) => `Выпущена лицензия № ${q} для контроллера ${s}${m ? ` (${m})` : ''}.`,
    options: 'Опции в лицензии:',
    none: 'без опций',
    next: 'Скачайте файл лицензии на странице контроллера и загрузите его в контроллер.',
    action: 'Открыть контроллер',
  },
}

export const licenseIssued: MailTemplate<LicenseIssuedContext> = {
  subject: (c, lang) => words[lang].subject(c.serial),
  html: (c, lang) =>
    layoutHtml(
      lang,
      words[lang].subject(c.serial),
      paragraph(words[lang].hello(c.name)) +
        paragraph(words[lang].body(c.serial, c.model ?? '', c.sequence)) +
        paragraph(`${words[lang].options} ${c.options.length ? '' : words[lang].none}`) +
        (c.options.length ? `<ul style="margin:0 0 12px">${c.options.map((o) => `<li><code>${escapeHtml(o)}</code></li>`).join('')}</ul>` : '') +
        paragraph(words[lang].next) +
        button(controllerUrl(c.controllerId, c.baseUrl), words[lang].action),
    ),
  text: (c, lang) =>
    layoutText(
      lang,
      words[lang].subject(c.serial),
      `${words[lang].hello(c.name)}\n\n${words[lang].body(c.serial, c.model ?? '', c.sequence)}\n\n${words[lang].options} ${c.options.length ? c.options.join(', ') : words[lang].none}\n\n${words[lang].next}\n${controllerUrl(c.controllerId, c.baseUrl)}`,
    ),
}
