/** The one layout every e-mail shares: a header with the brand, the message, and a footer. */
import type { Lang } from './types'

export function escapeHtml(value: unknown): string {
  return String(value ?? '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
}

const footer: Record<Lang, string> = {
  en: 'PUMOTIX — CNC controllers. You receive this message because of your PUMOTIX account.',
  ru: 'PUMOTIX — системы ЧПУ. Вы получили это письмо, потому что у вас есть учётная запись PUMOTIX.',
}

export function button(href: string, label: string): string {
  return `<p style="margin:24px 0"><a href="${escapeHtml(href)}" style="background:#0b5cad;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block;font-weight:600">${escapeHtml(label)}</a></p>`
}

export function paragraph(text: string): string {
  return `<p style="margin:0 0 12px">${escapeHtml(text)}</p>`
}

export function layoutHtml(lang: Lang, title: string, bodyHtml: string, extraFooterHtml = ''): string {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>${escapeHtml(title)}</title></head>
<body style="margin:0;background:#f3f5f7;font-family:Segoe UI,Roboto,Helvetica,Arial,sans-serif;color:#1d2630">
<table role="presentation" width="100%" cellpadding="0" cellspacing="0"><tr><td align="center" style="padding:24px">
<table role="presentation" width="600" cellpadding="0" cellspacing="0" style="max-width:600px;background:#ffffff;border-radius:8px">
<tr><td style="background:#14213d;color:#ffffff;padding:16px 24px;font-size:20px;font-weight:700;letter-spacing:2px;border-radius:8px 8px 0 0">PUMOTIX</td></tr>
<tr><td style="padding:24px;font-size:15px;line-height:1.5"><h1 style="font-size:20px;margin:0 0 16px">${escapeHtml(title)}</h1>${bodyHtml}</td></tr>
<tr><td style="padding:16px 24px;font-size:12px;color:#5b6672;border-top:1px solid #e3e7eb">${escapeHtml(footer[lang])}${extraFooterHtml}</td></tr>
</table></td></tr></table></body></html>`
}

export function layoutText(lang: Lang, title: string, body: string, extraFooter = ''): string {
  return `${title}\n\n${body.trim()}\n\n--\n${footer[lang]}${extraFooter ? '\n' + extraFooter : ''}\n`
}
