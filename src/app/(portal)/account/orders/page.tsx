import type { Metadata } from 'next'

import { listMyOrders } from '@/portal/queries/orders'
import { requireUser } from '@/portal/queries/session'
import { populated } from '@/domain/documents'
import { formatDate, formatMoney } from '@/portal/format'
import { fmt } from '@/portal/i18n'
import { getI18n } from '@/portal/i18n/get-lang'
import { Badge, orderStatusTone, PageHeader, Table } from '@/portal/ui'
import { ClickableRows } from '@/portal/ui/ClickableRows'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.orders.title }
}

export default async function OrdersPage() {
  const { payload, user } = await requireUser('/account/orders')
  const { lang, t } = await getI18n()
  const orders = await listMyOrders(payload, user, lang)
  const to = t.orders
  return (
    <>
      <PageHeader title={to.title} lead={to.lead} />
      {orders.length ? (
        <Table caption={to.title} captionHidden stack>
          <thead>
            <tr>
              <th scope="col">{to.number}</th>
              <th scope="col">{to.date}</th>
              <th scope="col">{to.controller}</th>
              <th scope="col">{to.items}</th>
              <th scope="col" className="num">
                {to.total}
              </th>
              <th scope="col">{to.status}</th>
            </tr>
          </thead>
          <ClickableRows>
            {orders.map((o) => {
              const c = populated(o.controller)
              const href = `/account/orders/${o.id}`
              return (
                <tr key={String(o.id)} className="is-clickable" data-href={href}>
                  <td data-label={to.number}>
                    <a href={href} className="mono" aria-label={fmt(to.open, { number: o.number })}>
                      {o.number}
                    </a>
                  </td>
                  <td data-label={to.date}>{formatDate(lang, o.createdAt)}</td>
                  <td data-label={to.controller}>{c ? `${c.model} · ${c.serial}` : '—'}</td>
                  <td data-label={to.items}>
                    <span className="mono">{(o.items ?? []).map((i) => i.code).join(', ')}</span>
                  </td>
                  <td data-label={to.total} className="num">
                    {formatMoney(lang, o.total, o.currency)}
                  </td>
                  <td data-label={to.status}>
                    <Badge tone={orderStatusTone(o.status)}>{t.status[o.status] ?? o.status}</Badge>
                  </td>
                </tr>
              )
            })}
          </ClickableRows>
        </Table>
      ) : (
        <p className="empty">{to.empty}</p>
      )}
    </>
  )
}
