/**
 * The two help pages the portal links to, in English and Russian. Editors change them in the admin
 * afterwards; seeding only creates what is missing and never overwrites their edits.
 */
import type { Payload } from 'payload'

import { doc, h2, ol, p, ul } from './lexical'

const pages = [
  {
    slug: 'license-request-code',
    en: {
      title: 'How do I get a license request code?',
      content: doc(
        p('A license request code is a short line of text your PUMOTIX controller creates on request. It tells the account which controller it is (serial number, model and hardware), which license the controller runs right now, and shows that you have the device at hand. You need it to add a controller to your account.'),
        h2('On the controller'),
        ol([
          'Switch the controller on and open the license dialog (service menu → **License**).',
          'The dialog shows the request code. It starts with `PMX1-`.',
          'Copy the code exactly: save it to a USB stick, or copy it by hand — groups are separated by dashes and letters are not case-sensitive.',
          'In your account open **My controllers**, press **Add** and choose **Controller**, then paste the code and confirm.',
        ]),
        h2('Good to know'),
        ul([
          'A code is accepted for 30 days after it was made. If the account says the code is out of date, open the license dialog again and use the new code.',
          'If the account says the code has a typo, copy it again: one wrong character is enough for the check to fail.',
          'A controller belongs to one account. If it is registered to someone else (for example, the previous owner), PUMOTIX support can transfer it.',
          'A new code is also how the controller reports that a new license has been installed; the account then shows “Latest license installed”.',
        ]),
        h2('Demo installation'),
        p('A demo installation has no real controller. Make a request code for one of the demo controllers on the command line: `npx pumotix-device request-code --model 3 --serial 100502 --hardware-id 0a9b8c7d6e5f40312a3b4c5d6e7f8091` (use the model, serial number and hardware id of that controller).'),
      ),
    },
    ru: {
      title: 'Как получить код запроса лицензии?',
      content: doc(
        p('Код запроса лицензии — это короткая строка, которую контроллер PUMOTIX формирует по вашей команде. По ней кабинет узнаёт, какой это контроллер (серийный номер, модель, оборудование) и какая лицензия на нём сейчас установлена, а также убеждается, что устройство у вас под рукой. Код нужен, чтобы добавить контроллер в кабинет.'),
        h2('На контроллере'),
        ol([
          'Включите контроллер и откройте окно лицензии (сервисное меню → **Лицензия**).',
          'В окне показан код запроса. Он начинается с `PMX1-`.',
          'Скопируйте код без ошибок: сохраните его на USB-накопитель или перепишите вручную — группы разделены дефисами, регистр букв не важен.',
          'В кабинете откройте «Мои контроллеры», нажмите «Добавить», выберите «Контроллер», вставьте код и подтвердите.',
        ]),
        h2('Полезно знать'),
        ul([
          'Код принимается в течение 30 дней после создания. Если кабинет сообщает, что код устарел, снова откройте окно лицензии и возьмите новый код.',
          'Если кабинет сообщает об опечатке, скопируйте код заново: одной неверной буквы достаточно, чтобы проверка не прошла.',
          'Контроллер принадлежит одному кабинету. Если он зарегистрирован у другого владельца (например, прежнего), поддержка PUMOTIX может передать его вам.',
          'По новому коду контроллер также сообщает, что установлена новая лицензия; после этого кабинет показывает «Установлена последняя лицензия».',
        ]),
        h2('Демонстрационная установка'),
        p('В демонстрационной установке настоящего контроллера нет. Код запроса для демонстрационного контроллера можно получить в командной строке: `npx pumotix-device request-code --model 3 --serial 100502 --hardware-id 0a9b8c7d6e5f40312a3b4c5d6e7f8091` (подставьте модель, серийный номер и аппаратный id этого контроллера).'),
      ),
    },
  },
  {
    slug: 'apply-license',
    en: {
      title: 'How do I apply a license?',
      content: doc(
        p('A license is a small file, `PMX-<serial>-<number>.lic`, signed by PUMOTIX. It switches on exactly the options you chose in your account, only on the controller with that serial number.'),
        h2('Get the license file'),
        ol([
          'Open **My controllers** and open the controller.',
          'Use the switches to choose the options the controller should run. Options included with the controller are always on; bought options can be switched on once their bill is paid.',
          'Press **Apply**. The account issues a new license with those options.',
          'Press **Download** and keep the file. Every license issued stays in the license history of the controller, so you can download it again later.',
        ]),
        h2('Install it on the controller'),
        ol([
          'Copy the file to a USB stick and plug it into the controller.',
          'Open the license dialog (service menu → **License**) and choose **Load license file**.',
          'Pick the file. The controller checks the PUMOTIX signature and the serial number, then restarts with the new set of options.',
          'The next request code the controller shows reports the installed license; when you use it in the account, the controller is marked “Latest license installed”.',
        ]),
        h2('If the controller refuses the file'),
        ul([
          'It was made for another controller: check that the serial number in the file name is the one on the controller.',
          'It is older than the license already installed: download the newest license from the history.',
          'The file was changed or damaged: download it again — any change breaks the signature.',
        ]),
        h2('Demo installation'),
        p('Check a downloaded file the way a controller does: `npx pumotix-device verify PMX-100502-1.lic --keys https://<your server>/api/license-keys`.'),
      ),
    },
    ru: {
      title: 'Как применить лицензию?',
      content: doc(
        p('Лицензия — это небольшой файл `PMX-<серийный номер>-<номер>.lic`, подписанный PUMOTIX. Он включает ровно те опции, которые вы выбрали в кабинете, и только на контроллере с этим серийным номером.'),
        h2('Получите файл лицензии'),
        ol([
          'Откройте «Мои контроллеры», затем нужный контроллер.',
          'Переключателями выберите опции, которые должны работать. Опции из комплекта контроллера включены всегда; купленные опции можно включить после оплаты счёта.',
          'Нажмите «Применить». Кабинет выпустит новую лицензию с этими опциями.',
          'Нажмите «Скачать» и сохраните файл. Все выпущенные лицензии остаются в истории лицензий контроллера, их можно скачать снова.',
        ]),
        h2('Установите её на контроллер'),
        ol([
          'Скопируйте файл на USB-накопитель и подключите его к контроллеру.',
          'Откройте окно лицензии (сервисное меню → **Лицензия**) и выберите **Загрузить файл лицензии**.',
          'Укажите файл. Контроллер проверит подпись PUMOTIX и серийный номер и перезапустится с новым набором опций.',
          'Следующий код запроса, который покажет контроллер, сообщит об установленной лицензии; когда вы используете его в кабинете, контроллер будет отмечен «Установлена последняя лицензия».',
        ]),
        h2('Если контроллер не принимает файл'),
        ul([
          'Файл выпущен для другого контроллера: проверьте, что серийный номер в имени файла совпадает с номером контроллера.',
          'Лицензия старше уже установленной: скачайте самую новую из истории.',
          'Файл изменён или повреждён: скачайте его снова — любое изменение нарушает подпись.',
        ]),
        h2('Демонстрационная установка'),
        p('Проверьте скачанный файл так же, как это делает контроллер: `npx pumotix-device verify PMX-100502-1.lic --keys https://<ваш сервер>/api/license-keys`.'),
      ),
    },
  },
]

export async function seedHelpPages(payload: Payload): Promise<void> {
  if (!(payload.collections as Record<string, unknown>)['help-pages']) return
  for (const page of pages) {
    const existing = await payload.find({ collection: 'help-pages', where: { slug: { equals: page.slug } }, limit: 1, overrideAccess: true })
    if (existing.docs[0]) continue
    const created = await payload.create({
      collection: 'help-pages',
      locale: 'en',
      overrideAccess: true,
      data: { slug: page.slug, published: true, title: page.en.title, content: page.en.content },
    })
    await payload.update({
      collection: 'help-pages',
      id: (created as { id: string | number }).id,
      locale: 'ru',
      overrideAccess: true,
      data: { title: page.ru.title, content: page.ru.content },
    })
  }
}
