import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'

import { getMyOrder } from '@/portal/queries/orders'
import { requireUser } from '@/portal/queries/session'
import { populated } from '@/domain/documents'
import { formatDate, formatMoney } from '@/portal/format'
import { fmt } from '@/portal/i18n'
import { getI18n } from '@/portal/i18n/get-lang'
import { Alert, Badge, Facts, orderStatusTone, PageHeader, Table } from '@/portal/ui'
import { PrintButton } from '@/portal/ui/PrintButton'

type Params = { params: Promise<{ id: string }>; searchParams: Promise<{ placed?: string }> }

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { t } = await getI18n()
  return { title: fmt(t.bill.title, { number: (await params).id }) }
}

/** The bill of one order: printable, with the seller's bank details and the payment reference. */
export default async function BillPage({ params, searchParams }: Params) {
  const { id } = await params
  const { payload, user } = await requireUser(`/account/orders/${id}`)
  const { lang, t } = await getI18n()
  const o = await getMyOrder(payload, user, id, lang)
  if (!o) notFound()
  const tb = t.bill
  const seller = o.bill?.seller ?? {}
  const buyer = o.bill?.buyer ?? {}
  const reference = o.bill?.paymentReference || o.paymentReference || o.number
  const c = populated(o.controller)
  return (
    <>
      <PageHeader breadcrumb={<Link href="/account/orders">{tb.back}</Link>} title={fmt(tb.title, { number: o.number })} actions={<PrintButton label={tb.print} />} />
      <div className="stack-lg">
        {(await searchParams).placed && o.status === 'awaiting_payment' ? (
          <div className="no-print">
            <Alert tone="success">{tb.placed}</Alert>
          </div>
        ) : null}
        <article className="bill" aria-labelledby="bill-title">
          <div className="row row--between">
            <h2 id="bill-title" className="mono">
              {o.number}
            </h2>
            <Badge tone={orderStatusTone(o.status)}>
              {t.status[o.status] ?? o.status}
              {o.status === 'paid' && o.paidAt ? ` · ${fmt(tb.paidAt, { date: formatDate(lang, o.paidAt) })}` : ''}
            </Badge>
          </div>
          <div className="bill__parties">
            <section>
              <h3>{tb.seller}</h3>
              <p>
                <strong>{seller.name}</strong>
                <br />
                {seller.address}
                {seller.vatId ? (
                  <>
                    <br />
                    {tb.vatId}: {seller.vatId}
                  </>
                ) : null}
              </p>
            </section>
            <section>
              <h3>{tb.buyer}</h3>
              <p>
                <strong>{buyer.name}</strong>
                <br />
                {buyer.email}
                <br />
                {buyer.phone}
              </p>
            </section>
            <section>
              <Facts
                items={[
                  [tb.issuedAt, formatDate(lang, o.bill?.issuedAt ?? o.createdAt)],
                  [tb.dueAt, formatDate(lang, o.bill?.dueAt)],
                  [tb.controller, c ? `${c.model} · ${c.serial}` : '—'],
                ]}
              />
            </section>
          </div>
          <Table caption={tb.title.replace('{number}', o.number)} captionHidden>
            <thead>
              <tr>
                <th scope="col">{tb.code}</th>
                <th scope="col">{tb.item}</th>
                <th scope="col" className="num">
                  {tb.price}
                </th>
              </tr>
            </thead>
            <tbody>
              {(o.items ?? []).map((i, n) => (
                <tr key={n}>
                  <td className="mono">{i.code}</td>
                  <td>{i.name ?? i.code}</td>
                  <td className="num">{formatMoney(lang, i.unitPrice, i.currency)}</td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <td colSpan={2}>{tb.total}</td>
                <td className="num">{formatMoney(lang, o.total, o.currency)}</td>
              </tr>
            </tfoot>
          </Table>
          <section className="section">
            <h3>{tb.payTo}</h3>
            <Facts
              items={[
                [tb.accountHolder, seller.accountHolder ?? seller.name],
                [tb.bankName, seller.bankName],
                [tb.iban, <span className="mono" key="iban">{seller.iban}</span>],
                [tb.bic, <span className="mono" key="bic">{seller.bic}</span>],
                [tb.total, formatMoney(lang, o.total, o.currency)],
                [tb.reference, <span className="bill__ref" key="ref">{reference}</span>],
              ]}
            />
            <p className="small muted section-note">{tb.referenceNote}</p>
          </section>
        </article>
      </div>
    </>
  )
}
