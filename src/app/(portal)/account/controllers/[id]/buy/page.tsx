import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'

import { canEnforceEndDates } from '@/domain/dated-options'
import { BuyForm, type BuyOfferView, type Choice } from '@/portal/controllers/BuyForm'
import { buyOffers, getMyController, listOptionsOnSale } from '@/portal/queries/controllers'
import { requireUser } from '@/portal/queries/session'
import { formatDate } from '@/portal/format'
import { fmt } from '@/portal/i18n'
import { getI18n } from '@/portal/i18n/get-lang'
import { Alert, Card, PageHeader } from '@/portal/ui'

type Params = { params: Promise<{ id: string }>; searchParams: Promise<Record<string, string | string[] | undefined>> }

export async function generateMetadata({ params }: Pick<Params, 'params'>): Promise<Metadata> {
  const { t } = await getI18n()
  return { title: fmt(t.buy.title, { serial: (await params).id }) }
}

/**
 * What the controller can still get — options to buy outright or rent for one of their periods, ended
 * ones again, dated ones renewed, update plans while firmware updates are limited — with prices.
 * `?option=CODE&months=N` chooses one beforehand (the renewal link of the reminder e-mail: one press
 * of Place order renews), `?option=CODE` alone puts that option first.
 */
export default async function BuyPage({ params, searchParams }: Params) {
  const { id } = await params
  const query = await searchParams
  const { payload, user } = await requireUser(`/account/controllers/${id}/buy`)
  const { lang, t } = await getI18n()
  const c = await getMyController(payload, user, id, lang)
  if (!c) notFound()
  const now = new Date()
  const enforces = canEnforceEndDates(c)
  const offers: BuyOfferView[] = buyOffers(c, await listOptionsOnSale(payload, lang), now).map((o) => ({
    ...o,
    runsUntilText: o.runsUntil ? formatDate(lang, o.runsUntil) : null,
    updatesEnded: o.kind === 'updates' && o.runsUntil !== null && new Date(o.runsUntil) <= now,
  }))

  // The choice asked for by the link, if the controller can have it that way; else a word why not.
  const code = typeof query.option === 'string' ? query.option.trim().slice(0, 64) : ''
  const months = typeof query.months === 'string' && /^\d{1,2}$/.test(query.months) ? Number(query.months) : null
  const initial: Record<string, Choice> = {}
  let presetNote: string | null = null
  if (code) {
    const offer = offers.find((o) => o.code === code)
    if (!offer) presetNote = fmt(t.buy.presetUnavailable, { code })
    else {
      offers.splice(offers.indexOf(offer), 1)
      offers.unshift(offer)
      const periodsAllowed = offer.kind === 'updates' ? c.licenseFormat === 2 : enforces
      if (months !== null) {
        if (periodsAllowed && offer.periods.some((p) => p.months === months)) initial[String(offer.id)] = String(months)
        else if (periodsAllowed || !offer.periods.length) presetNote = fmt(t.buy.presetPeriod, { code, months })
      } else if (offer.outright !== null && !offer.periods.length) initial[String(offer.id)] = 'outright'
    }
  }

  return (
    <>
      <PageHeader
        breadcrumb={<Link href={`/account/controllers/${c.id}`}>{t.buy.backToController}</Link>}
        title={fmt(t.buy.title, { serial: c.serial })}
        lead={t.buy.lead}
      />
      <Card title={fmt(t.buy.choose, { model: c.model })} id="buy">
        <div className="stack">
          {presetNote ? (
            <Alert tone="warning">
              <p>{presetNote}</p>
            </Alert>
          ) : null}
          {offers.length ? (
            <BuyForm
              controllerId={c.id}
              offers={offers}
              initial={initial}
              rentDisabledReason={enforces ? null : t.controller.endDatesUnsupported}
              updatesDisabledReason={c.licenseFormat === 2 ? null : t.controller.endDatesUnsupported}
              lang={lang}
              t={t.buy}
              common={t.common}
            />
          ) : (
            <p className="muted">{t.buy.none}</p>
          )}
        </div>
      </Card>
    </>
  )
}
