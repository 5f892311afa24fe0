import type { Metadata } from 'next'
import Link from 'next/link'

import { formatDate, formatMoney } from '@/portal/format'
import { fmt } from '@/portal/i18n'
import { getI18n } from '@/portal/i18n/get-lang'
import { listMyControllers, optionCounts } from '@/portal/queries/controllers'
import { latestNews } from '@/portal/queries/news'
import { listMyOrders } from '@/portal/queries/orders'
import { requireUser } from '@/portal/queries/session'
import { Alert, ButtonLink, Card, PageHeader } from '@/portal/ui'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.account.title }
}

/** Account home: controllers at a glance, unpaid bills and the latest news. */
export default async function AccountHome() {
  const { payload, user } = await requireUser('/account')
  const { lang, t } = await getI18n()
  const [controllers, unpaid, news] = await Promise.all([
    listMyControllers(payload, user),
    listMyOrders(payload, user, lang, 'awaiting_payment'),
    latestNews(payload, user, lang),
  ])
  const activeOptions = controllers.reduce((n, c) => n + optionCounts(c).active, 0)
  return (
    <>
      <PageHeader title={fmt(t.account.welcome, { name: user.name })} />
      <div className="grid">
        <Card title={t.account.controllers} id="sum-controllers">
          {controllers.length ? (
            <div className="stack">
              <p className="row">
                <span className="stat">{controllers.length}</span>
                <span className="muted">{t.account.controllersCount}</span>
              </p>
              <p className="row">
                <span className="stat">{activeOptions}</span>
                <span className="muted">{t.account.optionsActive}</span>
              </p>
              <ButtonLink href="/account/controllers" variant="secondary">
                {t.account.viewControllers}
              </ButtonLink>
            </div>
          ) : (
            <div className="stack">
              <p>{t.account.noControllers}</p>
              <ButtonLink href="/account/controllers?add=1">{t.account.addFirst}</ButtonLink>
            </div>
          )}
        </Card>
        <Card title={t.account.unpaid} id="sum-unpaid">
          {unpaid.length ? (
            <div className="stack">
              <p className="muted">{t.account.unpaidLead}</p>
              <ul className="plain-list">
                {unpaid.map((o) => (
                  <li key={String(o.id)}>
                    <Link href={`/account/orders/${o.id}`} aria-label={fmt(t.account.openBill, { number: o.number })}>
                      {o.number}
                    </Link>{' '}
                    — {formatMoney(lang, o.total, o.currency)}
                    {o.bill?.dueAt ? <span className="muted">, {fmt(t.account.due, { date: formatDate(lang, o.bill.dueAt) })}</span> : null}
                  </li>
                ))}
              </ul>
            </div>
          ) : (
            <Alert tone="success">{t.account.unpaidNone}</Alert>
          )}
        </Card>
        <Card title={t.account.news} id="sum-news">
          {news.length ? (
            <ul className="plain-list">
              {news.map((n) => (
                <li key={String(n.id)}>
                  <Link href={n.href}>{n.title}</Link>
                  {n.date ? <span className="muted small"> · {formatDate(lang, n.date)}</span> : null}
                </li>
              ))}
            </ul>
          ) : (
            <p className="muted">{t.account.noNews}</p>
          )}
          <p>
            <Link href="/news">{t.account.allNews}</Link>
          </p>
        </Card>
      </div>
    </>
  )
}
