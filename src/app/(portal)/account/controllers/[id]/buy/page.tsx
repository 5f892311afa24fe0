import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'

import { BuyForm } from '@/portal/controllers/BuyForm'
import { getMyController, listOptionsOnSale, ownedOptionIds } from '@/portal/queries/controllers'
import { requireUser } from '@/portal/queries/session'
import { fmt } from '@/portal/i18n'
import { getI18n } from '@/portal/i18n/get-lang'
import { Card, PageHeader } from '@/portal/ui'

type Params = { params: Promise<{ id: string }> }

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { t } = await getI18n()
  return { title: fmt(t.buy.title, { serial: (await params).id }) }
}

/** Options that fit the controller's model, are on sale and are not on it yet — with prices. */
export default async function BuyPage({ params }: Params) {
  const { id } = await params
  const { payload, user } = await requireUser(`/account/controllers/${id}/buy`)
  const { lang, t } = await getI18n()
  const c = await getMyController(payload, user, id, lang)
  if (!c) notFound()
  const owned = ownedOptionIds(c)
  const options = (await listOptionsOnSale(payload, lang))
    .filter((o) => o.onSale !== false && (o.modelIds ?? []).includes(c.modelId) && !owned.has(String(o.id)))
    .map((o) => ({ id: o.id, code: o.code, name: o.name ?? o.code, price: o.price ?? 0, currency: o.currency ?? 'EUR' }))
  return (
    <>
      <PageHeader
        breadcrumb={<Link href={`/account/controllers/${c.id}`}>{t.buy.backToController}</Link>}
        title={fmt(t.buy.title, { serial: c.serial })}
        lead={t.buy.lead}
      />
      <Card title={fmt(t.buy.choose, { model: c.model })} id="buy">
        {options.length ? <BuyForm controllerId={c.id} options={options} lang={lang} t={t.buy} common={t.common} /> : <p className="muted">{t.buy.none}</p>}
      </Card>
    </>
  )
}
