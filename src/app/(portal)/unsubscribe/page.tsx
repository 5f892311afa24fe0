/**
 * /unsubscribe?token=… — the page behind the link in every news e-mail: it names what will happen
 * and asks for one click; the form posts to /api/users/unsubscribe (which also serves the RFC 8058
 * one-click POST of mail clients) and comes back here with ?done=1. No login needed.
 */
import type { Metadata } from 'next'

import { getLang } from '@/portal/i18n/get-lang'
import { verifyUnsubscribeToken } from '@/mail/unsubscribe-token'
import '../news/news.css'

export const dynamic = 'force-dynamic'

const words = {
  en: {
    title: 'Unsubscribe from PUMOTIX news',
    ask: 'You will no longer receive PUMOTIX news and software updates by e-mail. Messages about your orders and licenses are not affected.',
    button: 'Unsubscribe',
    done: 'Done: you will no longer receive PUMOTIX news by e-mail. You can subscribe again in your profile at any time.',
    invalid: 'This unsubscribe link is invalid or incomplete. Open the link from the e-mail again, or change your subscription in your profile.',
    profile: 'Go to my profile',
  },
  ru: {
    title: 'Отписка от новостей PUMOTIX',
    ask: 'Вы больше не будете получать новости и сообщения об обновлениях PUMOTIX. Письма о заказах и лицензиях продолжат приходить.',
    button: 'Отписаться',
    done: 'Готово: новости PUMOTIX больше не будут приходить вам на почту. Подписаться снова можно в профиле в любой момент.',
    invalid: 'Ссылка для отписки неверна или неполна. Откройте ссылку из письма ещё раз или измените подписку в профиле.',
    profile: 'Перейти в профиль',
  },
}

export const metadata: Metadata = { title: 'Unsubscribe', robots: { index: false } }

type SearchParams = Promise<Record<string, string | string[] | undefined>>

export default async function UnsubscribePage({ searchParams }: { searchParams: SearchParams }) {
  const params = await searchParams
  const lang = await getLang()
  const w = words[lang]
  const token = typeof params.token === 'string' ? params.token : ''
  const done = params.done !== undefined
  const valid = done || verifyUnsubscribeToken(token) !== null
  return (
    <div className="news-page news-unsubscribe" lang={lang}>
      <h1 className="news-title">{w.title}</h1>
      {done ? (
        <p role="status">{w.done}</p>
      ) : valid ? (
        <form method="post" action={`/api/users/unsubscribe?token=${encodeURIComponent(token)}`}>
          <p>{w.ask}</p>
          <input type="hidden" name="from" value="page" />
          <button type="submit" className="news-button">
            {w.button}
          </button>
        </form>
      ) : (
        <p role="alert">{w.invalid}</p>
      )}
      <p>
        <a href="/account/profile">{w.profile}</a>
      </p>
    </div>
  )
}
