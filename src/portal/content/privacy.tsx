/** The privacy policy, in both languages: what the account stores, why, and what the customer can do. */
import type { Lang } from '../i18n'

const en = (
  <>
    <p>This page explains, in plain words, what the PUMOTIX account stores about you and why.</p>
    <h2>What we store</h2>
    <ul>
      <li>Your name, e-mail address, phone number and preferred language, as you enter them.</li>
      <li>Your password, only as a salted hash — nobody at PUMOTIX can read it.</li>
      <li>The controllers you add, their options, the licenses issued for them and your orders and bills.</li>
      <li>When you accepted this policy and whether you want our news by e-mail.</li>
      <li>Technical logs of requests (time, address, page) kept for security for a limited time.</li>
    </ul>
    <h2>Why</h2>
    <p>
      We use this data to run your account: to identify your controllers, issue licenses, bill you for options and contact you about
      them. We send news only if you subscribe, and you can unsubscribe at any time in your profile or with the link in each message.
    </p>
    <h2>Who sees it</h2>
    <p>
      PUMOTIX staff who handle licensing and billing. We do not sell your data or pass it to advertisers. The session cookie only keeps
      you logged in; a second cookie remembers your language. There are no tracking or advertising cookies.
    </p>
    <h2>Your rights</h2>
    <p>
      You can correct your details in your profile at any time. To receive a copy of your data or to close your account, write to PUMOTIX
      support; bills we must keep by law are kept for the period the law requires.
    </p>
  </>
)

const ru = (
  <>
    <p>На этой странице простыми словами объясняется, какие данные о вас хранит личный кабинет PUMOTIX и зачем.</p>
    <h2>Что мы храним</h2>
    <ul>
      <li>Ваше имя, адрес e-mail, номер телефона и язык — так, как вы их указали.</li>
      <li>Пароль — только в виде хеша с солью; прочитать его не может никто в PUMOTIX.</li>
      <li>Добавленные вами контроллеры, их опции, выданные для них лицензии, ваши заказы и счета.</li>
      <li>Когда вы приняли эту политику и хотите ли получать наши новости.</li>
      <li>Технические журналы запросов (время, адрес, страница), которые ограниченное время хранятся ради безопасности.</li>
    </ul>
    <h2>Зачем</h2>
    <p>
      Эти данные нужны для работы кабинета: чтобы узнавать ваши контроллеры, выпускать лицензии, выставлять счета за опции и связываться
      с вами по этим вопросам. Новости мы присылаем только по подписке; отписаться можно в любой момент в профиле или по ссылке в письме.
    </p>
    <h2>Кто их видит</h2>
    <p>
      Сотрудники PUMOTIX, которые занимаются лицензиями и счетами. Мы не продаём ваши данные и не передаём их рекламодателям. Cookie
      сеанса нужен только для входа, второй cookie запоминает язык. Cookie для слежки и рекламы нет.
    </p>
    <h2>Ваши права</h2>
    <p>
      Исправить свои данные можно в профиле в любое время. Чтобы получить копию данных или закрыть учётную запись, напишите в поддержку
      PUMOTIX; счета, которые мы обязаны хранить по закону, хранятся в течение установленного законом срока.
    </p>
  </>
)

export const privacyContent: Record<Lang, React.ReactNode> = { en, ru }
