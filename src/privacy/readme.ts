/** README.txt of the data export, in the account's language: what each file holds and how to read it. */
import type { Id } from '@/domain/documents'
import type { Lang } from '@/i18n/languages'

interface ReadmeFacts {
  exportedAt: Date
  accountId: Id
  controllers: number
  orders: number
  licenses: number
}

const texts: Record<Lang, (f: ReadmeFacts) => string> = {
  en: (f) => `PUMOTIX account — your data
===========================

Exported on ${f.exportedAt.toISOString()} for account ${f.accountId}: ${f.controllers} controller(s), ${f.orders} order(s), ${f.licenses} license file(s).

account.json
  Your profile (name, e-mail address, phone, language, roles, when the account was created),
  your consents (when you accepted the privacy policy; whether you agreed to news by e-mail)
  and your subscriptions.

controllers.json
  Every controller registered to your account: serial number, model, hardware id, when you added
  it, the license format it reads; its options with their state (factory, awaiting_payment,
  available, active), the order each was bought with, whether the latest license switches it on
  and its end date (null: no end date); and the list of its licenses.

orders.json
  Every order you placed: number, status, items, total, payment reference, payments received,
  and the bill's seller and buyer details. Amounts are in minor units (cents): 12900 = 129.00.

bills/<number>.pdf
  The bill of each order, as the portal shows it.

licenses/PMX-<serial>-<n>.lic
  Every license file issued for your controllers, exactly as downloaded from the portal. A
  controller accepts only the file made for its own hardware id; "npx pumotix-device verify"
  checks a file against the keys PUMOTIX publishes at /api/license-keys.

The files are UTF-8 text (JSON) and PDF; times are ISO 8601 in UTC.
`,
  ru: (f) => `Учётная запись PUMOTIX — ваши данные
====================================

Выгружено ${f.exportedAt.toISOString()} для учётной записи ${f.accountId}: контроллеров — ${f.controllers}, заказов — ${f.orders}, файлов лицензий — ${f.licenses}.

account.json
  Ваш профиль (имя, адрес электронной почты, телефон, язык, роли, дата создания учётной записи),
  ваши согласия (когда вы приняли политику конфиденциальности; согласны ли вы получать новости
  по почте) и подписки.

controllers.json
  Все контроллеры вашей учётной записи: серийный номер, модель, аппаратный id, дата добавления,
  формат лицензии; их опции с состоянием (factory — заводская, awaiting_payment — ждёт оплаты,
  available — доступна, active — активна), заказ, в котором опция куплена, включена ли она в
  последней лицензии и срок её действия (null — бессрочно); список лицензий контроллера.

orders.json
  Все ваши заказы: номер, состояние, позиции, сумма, назначение платежа, полученные платежи,
  реквизиты продавца и покупателя в счёте. Суммы в копейках/центах: 12900 = 129,00.

bills/<номер>.pdf
  Счёт каждого заказа, как он показан в личном кабинете.

licenses/PMX-<серийный номер>-<n>.lic
  Все файлы лицензий, выданные для ваших контроллеров, такие же, как при скачивании в личном
  кабинете. Контроллер принимает только файл для своего аппаратного id; проверить файл по
  ключам, которые PUMOTIX публикует на /api/license-keys, можно командой "npx pumotix-device verify".

Файлы — текст UTF-8 (JSON) и PDF; время указано в формате ISO 8601, UTC.
`,
}

export const exportReadme = (lang: Lang, facts: ReadmeFacts) => texts[lang](facts).replace(/\n/g, '\r\n')
