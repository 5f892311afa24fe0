import type { Metadata } from 'next'

import { AddController } from '@/portal/controllers/AddController'
import { licenseNeeds, licenseState, listMyControllers, optionCounts } from '@/portal/queries/controllers'
import { requireUser } from '@/portal/queries/session'
import { formatDate } from '@/portal/format'
import { fmt } from '@/portal/i18n'
import { getI18n } from '@/portal/i18n/get-lang'
import { Badge, PageHeader, Table } from '@/portal/ui'
import { ClickableRows } from '@/portal/ui/ClickableRows'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.controllers.title }
}

/** My controllers: every controller in the account; a row opens it; Add → Controller claims one. */
export default async function ControllersPage({ searchParams }: { searchParams: Promise<{ add?: string }> }) {
  const { payload, user } = await requireUser('/account/controllers')
  const { lang, t } = await getI18n()
  const controllers = await listMyControllers(payload, user)
  const needs = await licenseNeeds(payload, user, controllers)
  const tc = t.controllers
  const licBadge = { none: ['neutral', tc.licNone], latest: ['success', tc.licLatest], pending: ['warning', tc.licPending], needed: ['warning', tc.licNeeded] } as const
  return (
    <>
      <PageHeader
        title={tc.title}
        lead={tc.lead}
        actions={<AddController openInitially={(await searchParams).add === '1'} texts={{ t: t.addController, list: { add: tc.add, addController: tc.addController }, common: t.common }} />}
      />
      {controllers.length ? (
        <Table caption={tc.title} captionHidden stack>
          <thead>
            <tr>
              <th scope="col">{tc.serial}</th>
              <th scope="col">{tc.model}</th>
              <th scope="col">{tc.options}</th>
              <th scope="col">{tc.license}</th>
              <th scope="col">{tc.lastRequest}</th>
            </tr>
          </thead>
          {/* Rows are plain server-rendered elements; ClickableRows opens a row on a click anywhere in it. */}
          <ClickableRows>
            {controllers.map((c) => {
              const { active, available } = optionCounts(c)
              const [tone, label] = licBadge[licenseState(c, needs.get(String(c.id)))]
              const href = `/account/controllers/${c.id}`
              return (
                <tr key={String(c.id)} className="is-clickable" data-href={href}>
                  <td data-label={tc.serial}>
                    {/* No prefetch (a plain link; ClickableRows navigates on the client): every visible row would cost the server a render of its controller page. */}
                    <a href={href} className="mono" aria-label={fmt(tc.open, { serial: c.serial })}>
                      {c.serial}
                    </a>
                  </td>
                  <td data-label={tc.model}>{c.model}</td>
                  <td data-label={tc.options}>{`${active} / ${available}`}</td>
                  <td data-label={tc.license}>
                    <Badge tone={tone}>{label}</Badge>
                  </td>
                  <td data-label={tc.lastRequest}>{formatDate(lang, c.lastRequestAt)}</td>
                </tr>
              )
            })}
          </ClickableRows>
        </Table>
      ) : (
        <p className="empty">{tc.empty}</p>
      )}
    </>
  )
}
