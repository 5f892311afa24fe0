/**
 * Demo news: six items across the categories, in English and Russian, each with a cover image drawn
 * at seed time (an SVG rendered to PNG by sharp; nothing is downloaded). Skipped when news exist.
 * Seeded items count as already announced (no e-mail to the demo subscribers).
 */
import sharp from 'sharp'
import type { Payload } from 'payload'

import { categoryLabel, type NewsCategory } from '@/news/categories'
import { slugify } from '@/news/slugify'
import { codeBlock, doc, h2, p, quote, ul } from './lexical'
import type { DemoUsers } from './users'

type Block = { type: 'h2' | 'p' | 'quote' | 'ul' | 'code'; text: string | string[] }
interface DemoNews {
  category: NewsCategory
  daysAgo: number
  color: string
  en: { title: string; excerpt: string; body: Block[] }
  ru: { title: string; excerpt: string; body: Block[] }
}

function node(b: Block) {
  const t = Array.isArray(b.text) ? b.text : [b.text]
  switch (b.type) {
    case 'h2':
      return h2(t[0])
    case 'quote':
      return quote(t[0])
    case 'ul':
      return ul(t)
    case 'code':
      return codeBlock(t)
    default:
      return p(t[0])
  }
}

const lexical = (blocks: Block[]) => doc(...blocks.map(node))

const NEWS: DemoNews[] = [
  {
    category: 'firmware', daysAgo: 2, color: '#0b5cad',
    en: { title: 'Firmware 2.4: faster probing and a new tool table', excerpt: 'Version 2.4 halves the probing cycle time and stores up to 256 tools.', body: [{ type: 'h2', text: 'What is new' }, { type: 'ul', text: ['Probing cycles up to 2× faster', 'Tool table with 256 entries', 'Fixed: arc feed rate on 4-axis jobs'] }, { type: 'p', text: 'Install it from the controller page of your account.' }, { type: 'code', text: ['G38.2 Z-10 F200', 'G10 L20 P1 Z0'] }] },
    ru: { title: 'Прошивка 2.4: быстрее измерения и новая таблица инструментов', excerpt: 'Версия 2.4 вдвое сокращает цикл измерения и хранит до 256 инструментов.', body: [{ type: 'h2', text: 'Что нового' }, { type: 'ul', text: ['Циклы измерения до 2 раз быстрее', 'Таблица на 256 инструментов', 'Исправлено: подача по дуге в 4-осевых программах'] }, { type: 'p', text: 'Установите её со страницы контроллера в учётной записи.' }, { type: 'code', text: ['G38.2 Z-10 F200', 'G10 L20 P1 Z0'] }] },
  },
  {
    category: 'news', daysAgo: 6, color: '#14213d',
    en: { title: 'Your PUMOTIX account is open', excerpt: 'Manage controllers, buy options and download licenses yourself, at any time.', body: [{ type: 'p', text: 'From today every PUMOTIX customer can manage their controllers online.' }, { type: 'quote', text: 'No more waiting for a license file by e-mail.' }] },
    ru: { title: 'Учётная запись PUMOTIX открыта', excerpt: 'Управляйте контроллерами, покупайте опции и скачивайте лицензии сами, в любое время.', body: [{ type: 'p', text: 'С сегодняшнего дня каждый клиент PUMOTIX может управлять контроллерами онлайн.' }, { type: 'quote', text: 'Больше не нужно ждать файл лицензии по почте.' }] },
  },
  {
    category: 'promotion', daysAgo: 10, color: '#c0392b',
    en: { title: 'Torch height control: 20% off until the end of the month', excerpt: 'The THC option for plasma cutting at a reduced price.', body: [{ type: 'p', text: 'Order the THC option in your account before the end of the month and pay 20% less.' }] },
    ru: { title: 'Контроль высоты плазмы: скидка 20% до конца месяца', excerpt: 'Опция THC для плазменной резки по сниженной цене.', body: [{ type: 'p', text: 'Закажите опцию THC в учётной записи до конца месяца и заплатите на 20% меньше.' }] },
  },
  {
    category: 'firmware', daysAgo: 21, color: '#16a085',
    en: { title: 'Firmware 2.3.1: a maintenance release', excerpt: 'Stability fixes for long programs and USB drives.', body: [{ type: 'ul', text: ['Programs over 2 GB load reliably', 'USB drives formatted with exFAT are recognised'] }] },
    ru: { title: 'Прошивка 2.3.1: исправления', excerpt: 'Повышена стабильность при длинных программах и работе с USB-накопителями.', body: [{ type: 'ul', text: ['Программы больше 2 ГБ загружаются надёжно', 'Распознаются USB-накопители с exFAT'] }] },
  },
  {
    category: 'news', daysAgo: 35, color: '#8e44ad',
    en: { title: 'Meet us at the metalworking fair', excerpt: 'See the NC-300 controller live at booth B-14.', body: [{ type: 'p', text: 'Our engineers will show the new probing cycles and answer your questions.' }] },
    ru: { title: 'Встречаемся на выставке «Металлообработка»', excerpt: 'Контроллер NC-300 вживую на стенде B-14.', body: [{ type: 'p', text: 'Наши инженеры покажут новые циклы измерения и ответят на вопросы.' }] },
  },
  {
    category: 'promotion', daysAgo: 50, color: '#d35400',
    en: { title: 'Fourth axis option bundle', excerpt: 'AXIS4 together with the rotary table macro pack.', body: [{ type: 'p', text: 'Buy the AXIS4 option and get the rotary table macro pack for free.' }] },
    ru: { title: 'Комплект опции четвёртой оси', excerpt: 'AXIS4 вместе с пакетом макросов для поворотного стола.', body: [{ type: 'p', text: 'Купите опцию AXIS4 и получите пакет макросов для поворотного стола бесплатно.' }] },
  },
]

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')

/** A 1200×630 cover: the brand name, the category and a colour per item, drawn by sharp from SVG. */
export async function coverImage(category: NewsCategory, color: string): Promise<Buffer> {
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="1200" height="630">
  <rect width="1200" height="630" fill="${color}"/>
  <circle cx="1050" cy="120" r="260" fill="#ffffff" fill-opacity="0.08"/>
  <circle cx="150" cy="600" r="200" fill="#ffffff" fill-opacity="0.06"/>
  <text x="80" y="300" font-family="DejaVu Sans, Arial, sans-serif" font-size="110" font-weight="700" fill="#ffffff" letter-spacing="12">PUMOTIX</text>
  <text x="84" y="390" font-family="DejaVu Sans, Arial, sans-serif" font-size="48" fill="#ffffff" fill-opacity="0.85">${escape(categoryLabel(category, 'en').toUpperCase())}</text>
</svg>`
  return sharp(Buffer.from(svg)).png().toBuffer()
}

export async function seedNews(payload: Payload, users: DemoUsers): Promise<void> {
  const { totalDocs } = await payload.count({ collection: 'news', overrideAccess: true })
  if (totalDocs > 0) return
  const author = users['editor@pumotix.local']?.id
  for (const [i, item] of NEWS.entries()) {
    const cover = await payload.create({
      collection: 'media',
      overrideAccess: true,
      locale: 'en',
      data: { alt: `PUMOTIX — ${categoryLabel(item.category, 'en')}` },
      file: { data: await coverImage(item.category, item.color), mimetype: 'image/png', name: `news-${i + 1}-${item.category}.png`, size: 0 },
    })
    await payload.update({ collection: 'media', id: cover.id, overrideAccess: true, locale: 'ru', data: { alt: `PUMOTIX — ${categoryLabel(item.category, 'ru')}` } })
    const publishedAt = new Date(Date.now() - item.daysAgo * 86_400_000).toISOString()
    const doc = await payload.create({
      collection: 'news',
      overrideAccess: true,
      locale: 'en',
      context: { skipNewsFanout: true },
      data: { ...item.en, slug: slugify(item.en.title), content: lexical(item.en.body), category: item.category, cover: cover.id, author, publishedAt, _status: 'published' },
    })
    await payload.update({
      collection: 'news',
      id: doc.id,
      overrideAccess: true,
      locale: 'ru',
      context: { skipNewsFanout: true },
      data: { title: item.ru.title, excerpt: item.ru.excerpt, content: lexical(item.ru.body), _status: 'published' },
    })
  }
  payload.logger.info(`seeded ${NEWS.length} news items with cover images`)
}
