import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'

import { canEnforceEndDates } from '@/domain/dated-options'
import { OptionsPanel, type OptionRowView } from '@/portal/controllers/OptionsPanel'
import { getMyController, licenseNeedOf, listLicenses, listOptionsOnSale, optionRows, trialOffers, updatePlanFor, updatesCover } from '@/portal/queries/controllers'
import { requireUser } from '@/portal/queries/session'
import { formatDate, formatDateTime } from '@/portal/format'
import { fmt, plural } from '@/portal/i18n'
import { getI18n } from '@/portal/i18n/get-lang'
import { Badge, ButtonLink, Card, Facts, PageHeader, Table } from '@/portal/ui'

type Params = { params: Promise<{ id: string }> }

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { t } = await getI18n()
  return { title: fmt(t.controller.title, { serial: (await params).id }) }
}

/**
 * One controller: its facts (with until when firmware updates are covered), option switches with
 * their end dates, free trials, Apply/Download, and its license history. Dates are counted in UTC at
 * the time of the request and shown in the reader's language.
 */
export default async function ControllerPage({ params }: Params) {
  const { id } = await params
  const { payload, user } = await requireUser(`/account/controllers/${id}`)
  const { lang, t } = await getI18n()
  const c = await getMyController(payload, user, id, lang)
  if (!c) notFound()
  const now = new Date()
  const [licenses, catalogue, need] = await Promise.all([listLicenses(payload, user, c.id), listOptionsOnSale(payload, lang), licenseNeedOf(payload, user, c, now)])
  const tc = t.controller
  const seq = (n?: number | null) => (n ? fmt(tc.seqValue, { n }) : tc.notYet)
  const rows: OptionRowView[] = optionRows(c, now).map((r) => ({
    ...r,
    untilText: r.until ? formatDate(lang, r.until) : null,
    daysLeftText: r.daysLeft !== null ? plural(lang, tc.daysLeft, r.daysLeft) : null,
  }))
  const cover = updatesCover(c, now)
  const plan = cover.until ? updatePlanFor(c, catalogue) : undefined
  const updates = (
    <span key="u">
      {cover.until ? fmt(cover.ended ? tc.updatesEnded : tc.updatesUntil, { date: formatDate(lang, cover.until) }) : tc.updatesNoLimit}
      {cover.daysLeft !== null ? ` · ${plural(lang, tc.daysLeft, cover.daysLeft)}` : null}
      {plan ? (
        <>
          {' '}
          · <Link href={`/account/controllers/${c.id}/buy?option=${encodeURIComponent(plan.code)}`}>{tc.renewUpdates}</Link>
        </>
      ) : null}
      {cover.licenseNeeded ? (
        <span className="small facts__note">
          <Badge tone="warning">{tc.licenseNeeded}</Badge> {tc.updatesLicenseNeeded}
        </span>
      ) : null}
    </span>
  )
  return (
    <>
      <PageHeader
        breadcrumb={<Link href="/account/controllers">{t.nav.controllers}</Link>}
        title={fmt(tc.title, { serial: c.serial })}
        actions={
          <ButtonLink href={`/account/controllers/${c.id}/buy`} variant="secondary">
            {tc.buy}
          </ButtonLink>
        }
      />
      <div className="grid grid--wide">
        <Card title={tc.facts} id="facts">
          <Facts
            items={[
              [tc.serial, <span className="mono" key="s">{c.serial}</span>],
              [tc.model, c.model],
              [tc.hardwareId, <span className="mono" key="h">{c.hardwareId ?? '—'}</span>],
              [tc.claimedAt, formatDate(lang, c.claimedAt)],
              [tc.lastRequest, formatDateTime(lang, c.lastRequestAt)],
              [tc.installed, seq(c.installedSequence)],
              [tc.latest, seq(c.licenseSequence)],
              [tc.licenseFormat, fmt(tc.formatValue, { n: c.licenseFormat ?? 1 })],
              [tc.updates, updates],
            ]}
          />
        </Card>
        <Card title={tc.optionsTitle} id="options">
          <p className="muted">{tc.optionsLead}</p>
          <OptionsPanel
            controllerId={c.id}
            rows={rows}
            trials={trialOffers(c, catalogue, now)}
            canEnforceEndDates={canEnforceEndDates(c)}
            updatesLicenseNeeded={cover.licenseNeeded}
            licenseNeed={need?.needed ? { withdrawn: need.withdrawn, revokedKey: need.revokedKid !== null } : null}
            hasLicense={(c.licenseSequence ?? 0) > 0}
            lang={lang}
            t={tc}
            common={t.common}
          />
        </Card>
      </div>
      <section className="section" aria-labelledby="history-title">
        <h2 id="history-title">{tc.history}</h2>
        {licenses.length ? (
          <Table caption={tc.history} captionHidden stack>
            <thead>
              <tr>
                <th scope="col">{tc.seq}</th>
                <th scope="col">{tc.issuedAt}</th>
                <th scope="col">{tc.format}</th>
                <th scope="col">{tc.licOptions}</th>
                <th scope="col">{tc.file}</th>
              </tr>
            </thead>
            <tbody>
              {licenses.map((l) => (
                <tr key={String(l.id)}>
                  <td data-label={tc.seq}>{l.sequence}</td>
                  <td data-label={tc.issuedAt}>{formatDateTime(lang, l.issuedAt ?? l.createdAt)}</td>
                  <td data-label={tc.format}>{fmt(tc.formatValue, { n: l.format ?? 1 })}</td>
                  <td data-label={tc.licOptions}>{l.options?.length ? <span className="mono">{l.options.join(', ')}</span> : '—'}</td>
                  <td data-label={tc.file}>
                    {/* The accessible name contains the visible file name (WCAG 2.5.3, label in name). */}
                    <a href={`/api/licenses/${l.id}/download`} download aria-label={`${fmt(tc.downloadN, { n: l.sequence })}: PMX-${c.serial}-${l.sequence}.lic`}>
                      PMX-{c.serial}-{l.sequence}.lic
                    </a>
                  </td>
                </tr>
              ))}
            </tbody>
          </Table>
        ) : (
          <p className="empty">{tc.historyEmpty}</p>
        )}
      </section>
    </>
  )
}
