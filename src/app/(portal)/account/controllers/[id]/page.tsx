import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'

import { OptionsPanel } from '@/portal/controllers/OptionsPanel'
import { getMyController, listLicenses, optionRows } from '@/portal/queries/controllers'
import { requireUser } from '@/portal/queries/session'
import { formatDate, formatDateTime } from '@/portal/format'
import { fmt } from '@/portal/i18n'
import { getI18n } from '@/portal/i18n/get-lang'
import { ButtonLink, Card, Facts, PageHeader, Table } from '@/portal/ui'

type Params = { params: Promise<{ id: string }> }

export async function generateMetadata({ params }: Params): Promise<Metadata> {
  const { t } = await getI18n()
  return { title: fmt(t.controller.title, { serial: (await params).id }) }
}

/** One controller: its facts, option switches with Apply/Download, and its license history. */
export default async function ControllerPage({ params }: Params) {
  const { id } = await params
  const { payload, user } = await requireUser(`/account/controllers/${id}`)
  const { lang, t } = await getI18n()
  const c = await getMyController(payload, user, id, lang)
  if (!c) notFound()
  const licenses = await listLicenses(payload, user, c.id)
  const tc = t.controller
  const seq = (n?: number | null) => (n ? fmt(tc.seqValue, { n }) : tc.notYet)
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
            ]}
          />
        </Card>
        <Card title={tc.optionsTitle} id="options">
          <p className="muted">{tc.optionsLead}</p>
          <OptionsPanel controllerId={c.id} rows={optionRows(c)} hasLicense={(c.licenseSequence ?? 0) > 0} t={tc} common={t.common} />
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
