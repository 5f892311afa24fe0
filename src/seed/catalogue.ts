import type { Option } from '@payload-types'
import type { Payload } from 'payload'

import { doc, p } from './lexical'

/** The demo options catalogue: realistic CNC controller options, in English and Russian. */
export const demoOptions = [
  { code: 'AXIS4', en: '4th axis', ru: '4-я ось', price: 49000, models: [3, 5], desc: ['Adds a rotary or linear fourth axis with full interpolation.', 'Добавляет поворотную или линейную четвёртую ось с полной интерполяцией.'] },
  { code: 'AXIS5', en: '5th axis', ru: '5-я ось', price: 79000, models: [5], desc: ['Simultaneous five-axis machining with tool centre point control.', 'Одновременная пятиосевая обработка с управлением центром инструмента.'] },
  { code: 'THC', en: 'Torch height control', ru: 'Контроль высоты резака', price: 29000, models: [3, 5, 7], desc: ['Keeps a plasma torch at the right height from arc voltage.', 'Поддерживает высоту плазменного резака по напряжению дуги.'] },
  { code: 'RIGID_TAP', en: 'Rigid tapping', ru: 'Жёсткое нарезание резьбы', price: 19000, models: [3, 5], desc: ['Synchronises spindle and feed for tapping without a floating holder.', 'Синхронизирует шпиндель и подачу для нарезания резьбы без плавающего патрона.'] },
  { code: 'LOOKAHEAD', en: 'Look-ahead 1000 blocks', ru: 'Предпросмотр 1000 кадров', price: 15000, models: [3, 5, 7], desc: ['Smooth high-speed contouring with 1000-block look-ahead.', 'Плавная скоростная обработка контура с предпросмотром 1000 кадров.'] },
  { code: 'PROBE', en: 'Probing cycles', ru: 'Циклы измерения', price: 12000, models: [3, 5], desc: ['Work offset and tool length probing cycles.', 'Циклы привязки заготовки и измерения длины инструмента.'] },
  { code: 'ATC', en: 'Automatic tool changer', ru: 'Автоматическая смена инструмента', price: 35000, models: [3, 5], desc: ['Carousel and linear tool changer support with tool table.', 'Поддержка карусельного и линейного магазинов инструмента с таблицей инструмента.'] },
  { code: 'GANTRY', en: 'Gantry squaring', ru: 'Портальная синхронизация', price: 22000, models: [3, 7], desc: ['Dual-motor gantry axis with automatic squaring.', 'Портальная ось с двумя двигателями и автоматическим выравниванием.'] },
  { code: 'NETWORK', en: 'Network file access', ru: 'Сетевой доступ к файлам', price: 9000, models: [3, 5, 7], desc: ['Run programs straight from a network share.', 'Запуск программ прямо с сетевого ресурса.'] },
  { code: 'SPINDLE_SYNC', en: 'Spindle synchronisation', ru: 'Синхронизация шпинделя', price: 18000, models: [5], desc: ['Threading and polygon turning with spindle sync.', 'Нарезание резьбы и многогранное точение с синхронизацией шпинделя.'] },
  { code: 'UPDATES', en: 'Firmware updates', ru: 'Обновления прошивки', price: 0, models: [3, 5, 7], desc: ['New firmware releases for the controller for the period bought.', 'Новые версии прошивки контроллера на оплаченный срок.'] },
  { code: 'BASIC_IO', en: 'Basic I/O (factory)', ru: 'Базовые входы/выходы (заводская)', price: 0, models: [3, 5, 7], onSale: false, desc: ['16 inputs and 16 outputs, included with every controller.', '16 входов и 16 выходов, входят в комплект каждого контроллера.'] },
] as const

const richText = (text: string) => doc(p(text))

type Ways = Pick<Option, 'kind' | 'sellOutright' | 'trialDays' | 'rentalPeriods'>

/** How the demo options may be had besides buying them outright: a free trial, rentals, and the update plan. */
const WAYS: Partial<Record<(typeof demoOptions)[number]['code'], Ways>> = {
  THC: { trialDays: 14 },
  ATC: { trialDays: 7, rentalPeriods: [{ months: 1, price: 4900 }, { months: 3, price: 12900 }, { months: 12, price: 39900 }] },
  PROBE: { rentalPeriods: [{ months: 1, price: 1900 }, { months: 12, price: 9900 }] },
  UPDATES: { kind: 'updates', sellOutright: false, rentalPeriods: [{ months: 12, price: 19900 }, { months: 24, price: 34900 }] },
}

export async function seedCatalogue(payload: Payload): Promise<Record<string, { id: string | number }>> {
  const out: Record<string, { id: string | number }> = {}
  for (const o of demoOptions) {
    const existing = await payload.find({ collection: 'options', where: { code: { equals: o.code } }, limit: 1, overrideAccess: true })
    let doc = existing.docs[0]
    if (!doc) {
      doc = await payload.create({
        collection: 'options',
        overrideAccess: true,
        locale: 'en',
        data: { code: o.code, name: o.en, description: richText(o.desc[0]), price: o.price, currency: 'EUR', modelIds: [...o.models], onSale: 'onSale' in o ? o.onSale : true, ...WAYS[o.code] },
      })
      await payload.update({ collection: 'options', id: doc.id, locale: 'ru', overrideAccess: true, data: { name: o.ru, description: richText(o.desc[1]) } })
    }
    out[o.code] = doc
  }
  return out
}
