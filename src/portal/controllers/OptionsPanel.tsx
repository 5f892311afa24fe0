'use client'
/**
 * The controller's options with switches. Switches change only this page's draft; Apply issues a
 * license with exactly the switched-on options (POST /api/controllers/:id/apply) and offers the file.
 * A failed Apply changes nothing: the draft stays as the user left it, with the server's reason.
 *
 * Dated options say until when they run and how many days are left; ended ones link to buying or
 * renting them again. When the controller's license carries other dates than the controller is
 * entitled to now (a renewal, a grant, new firmware-updates cover), Apply is offered to give it them.
 * When the latest license carries an option the controller no longer has (a refund) or was signed by a
 * revoked key, the page says so and Apply is offered for a license without it.
 * Options with a free trial offer one (POST /api/controllers/:id/trials), disabled with the reason on
 * controllers that cannot enforce end dates.
 */
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useEffect, useMemo, useState } from 'react'

import { apiRequest, genericError } from '../api-client'
import { formatDate } from '../format'
import type { OptionRow, TrialOffer } from '../queries/controllers'
import { fmt, plural, type Dict, type Lang } from '../i18n'
import { Alert, Badge, Button, buttonClass } from '../ui'
import { Switch } from '../ui/Switch'

type Issued = { id: string | number; sequence: number; options: string[]; downloadUrl: string }

/** A row as the page shows it: its end date and days left already put in words on the server (one rendering, no locale drift). */
export type OptionRowView = OptionRow & { untilText: string | null; daysLeftText: string | null }

const isOn = (r: OptionRow) => r.state === 'factory' || r.state === 'active'

export function OptionsPanel({
  controllerId,
  rows,
  trials,
  canEnforceEndDates,
  updatesLicenseNeeded,
  licenseNeed,
  hasLicense,
  lang,
  t,
  common,
}: {
  controllerId: string | number
  rows: OptionRowView[]
  trials: TrialOffer[]
  canEnforceEndDates: boolean
  updatesLicenseNeeded: boolean
  /** The latest license says more than the controller may now: options it no longer has, or a revoked key (null: it does not). */
  licenseNeed?: { withdrawn: string[]; revokedKey: boolean } | null
  hasLicense: boolean
  lang: Lang
  t: Dict['controller']
  common: Dict['common']
}) {
  const router = useRouter()
  const initial = useMemo(() => rows.filter(isOn).map((r) => r.code), [rows])
  const serverKey = initial.join(',')
  const [draft, setDraft] = useState<Set<string>>(() => new Set(initial))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [issued, setIssued] = useState<Issued | null>(null)
  const [trying, setTrying] = useState<string | null>(null)
  const [trialError, setTrialError] = useState<string | null>(null)
  const [trialStarted, setTrialStarted] = useState<{ code: string; until: string } | null>(null)

  // When the server's state changes (after Apply and refresh), the draft starts from it again.
  useEffect(() => {
    setDraft(new Set(serverKey ? serverKey.split(',') : []))
  }, [serverKey])

  const changed = draft.size !== initial.length || initial.some((c) => !draft.has(c))
  const licenseNeeded = updatesLicenseNeeded || Boolean(licenseNeed) || rows.some((r) => r.licenseNeeded)
  const canApply = changed || !hasLicense || licenseNeeded
  const buyHref = (code: string) => `/account/controllers/${controllerId}/buy?option=${encodeURIComponent(code)}`

  const toggle = (code: string, on: boolean) => {
    setIssued(null)
    setError(null)
    setDraft((d) => {
      const next = new Set(d)
      if (on) next.add(code)
      else next.delete(code)
      return next
    })
  }

  async function apply() {
    setBusy(true)
    setError(null)
    setTrialStarted(null)
    const options = rows.filter((r) => r.state !== 'awaiting_payment' && r.state !== 'ended' && draft.has(r.code)).map((r) => r.code)
    const r = await apiRequest('POST', `/api/controllers/${controllerId}/apply`, { options })
    setBusy(false)
    if (r.ok && r.data?.license) {
      setIssued(r.data.license as Issued)
      router.refresh()
      return
    }
    setError(r.status === 422 && r.message ? r.message : genericError(r, common))
  }

  async function startTrial(code: string) {
    setTrying(code)
    setTrialError(null)
    setTrialStarted(null)
    setIssued(null)
    const r = await apiRequest('POST', `/api/controllers/${controllerId}/trials`, { option: code })
    setTrying(null)
    if (r.ok && typeof r.data?.until === 'string') {
      setTrialStarted({ code, until: r.data.until })
      router.refresh()
      return
    }
    // The server's reason as it is (a second try, an option that does not fit); the one about end dates in the reader's language.
    const reason = r.data?.errors?.[0]?.data?.reason
    setTrialError(reason === 'end-dates-unsupported' ? t.endDatesUnsupported : genericError(r, common))
  }

  /** The row's dates and what can be done about them, or nothing for a permanent option. */
  const dates = (r: OptionRowView, noteId: string) => {
    if (r.state === 'ended') {
      return (
        <div className="small" id={noteId}>
          {r.untilText ? fmt(t.endedOn, { date: r.untilText }) : null} <Link href={buyHref(r.code)}>{t.buyAgain}</Link>
        </div>
      )
    }
    if (!r.untilText || (r.state !== 'active' && r.state !== 'available')) return null
    return (
      <div className="small" id={noteId}>
        {fmt(r.state === 'active' ? t.activeUntil : t.availableUntil, { date: r.untilText })}
        {r.daysLeftText ? <> · <strong>{r.daysLeftText}</strong></> : null} · <Link href={buyHref(r.code)}>{t.renew}</Link>
      </div>
    )
  }

  const group = (key: string, title: string, items: OptionRowView[], note?: string) => (
    <section className="option-group" aria-labelledby={`grp-${key}`}>
      <h3 id={`grp-${key}`}>{title}</h3>
      {items.length ? (
        <ul className="option-list">
          {items.map((r) => {
            const labelId = `opt-${r.code}`
            const noteId = `opt-${r.code}-note`
            const neededId = `opt-${r.code}-license`
            const disabled = r.state === 'factory' || r.state === 'awaiting_payment' || busy
            const checked = r.state === 'factory' ? true : r.state === 'awaiting_payment' ? false : draft.has(r.code)
            const dated = dates(r, noteId)
            const described = [r.state === 'factory' || r.state === 'awaiting_payment' || dated ? noteId : null, r.licenseNeeded ? neededId : null].filter(Boolean).join(' ')
            return (
              <li key={r.code} className="option-row option-row--wrap">
                <div className="option-row__text">
                  <div className="option-row__name" id={labelId}>
                    <span className="mono">{r.code}</span> — {r.name}
                  </div>
                  {r.state === 'factory' ? (
                    <div className="small muted" id={noteId}>
                      {t.factoryNote}
                    </div>
                  ) : null}
                  {r.state === 'awaiting_payment' ? (
                    <div className="small muted" id={noteId}>
                      {t.awaitingNote}{' '}
                      {r.orderId != null ? <Link href={`/account/orders/${r.orderId}`}>{t.viewBill}</Link> : null}
                    </div>
                  ) : null}
                  {dated}
                  {r.licenseNeeded ? (
                    <div className="small" id={neededId}>
                      <Badge tone="warning">{t.licenseNeeded}</Badge> {t.licenseNeededNote}
                    </div>
                  ) : null}
                </div>
                {r.state === 'ended' ? null : (
                  <Switch checked={checked} disabled={disabled} labelledBy={labelId} describedBy={described || undefined} onChange={(on) => toggle(r.code, on)} />
                )}
              </li>
            )
          })}
        </ul>
      ) : (
        <p className="muted">{note ?? t.noOptions}</p>
      )}
    </section>
  )

  const factory = rows.filter((r) => r.state === 'factory')
  const active = rows.filter((r) => r.state === 'active')
  const available = rows.filter((r) => r.state === 'available')
  const awaiting = rows.filter((r) => r.state === 'awaiting_payment')
  const ended = rows.filter((r) => r.state === 'ended')
  const tryNoteId = 'try-note'

  return (
    <div className="stack-lg">
      {factory.length ? group('factory', t.factory, factory) : null}
      {group('active', t.active, active)}
      {group('available', t.available, available)}
      {awaiting.length ? group('awaiting', t.awaiting, awaiting) : null}
      {ended.length ? group('ended', t.ended, ended) : null}
      {trials.length ? (
        <section className="option-group" aria-labelledby="grp-try">
          <h3 id="grp-try">{t.tryTitle}</h3>
          <p className="small muted" id={tryNoteId}>
            {canEnforceEndDates ? t.tryLead : t.endDatesUnsupported}
          </p>
          <ul className="option-list">
            {trials.map((o) => (
              <li key={o.code} className="option-row option-row--wrap">
                <div className="option-row__text">
                  <div className="option-row__name">
                    <span className="mono">{o.code}</span> — {o.name}
                  </div>
                </div>
                <Button
                  variant="secondary"
                  small
                  disabled={!canEnforceEndDates || busy || (trying !== null && trying !== o.code)}
                  busy={trying === o.code}
                  aria-describedby={tryNoteId}
                  onClick={() => startTrial(o.code)}
                >
                  {trying === o.code ? t.trying : plural(lang, t.tryButton, o.days)}
                  <span className="visually-hidden"> — {o.code}</span>
                </Button>
              </li>
            ))}
          </ul>
          {trialError ? (
            <Alert tone="error" title={t.tryFailed}>
              <p>{trialError}</p>
            </Alert>
          ) : null}
        </section>
      ) : null}

      <div className="apply-bar stack" aria-live="polite">
        {licenseNeed && !issued ? (
          <Alert tone="warning" title={t.licenseNeeded}>
            {licenseNeed.withdrawn.length ? <p>{fmt(t.withdrawnNote, { options: licenseNeed.withdrawn.join(', ') })}</p> : null}
            {licenseNeed.revokedKey ? <p>{t.revokedKeyNote}</p> : null}
          </Alert>
        ) : null}
        {trialStarted ? (
          <Alert tone="success">
            <p>{fmt(t.tryStarted, { code: trialStarted.code, date: formatDate(lang, trialStarted.until) })}</p>
          </Alert>
        ) : null}
        {error ? (
          <Alert tone="error" title={t.applyFailed}>
            <p>{error}</p>
          </Alert>
        ) : null}
        {issued ? (
          <Alert tone="success">
            <p>
              {issued.options.length
                ? fmt(t.applied, { n: issued.sequence, options: issued.options.join(', ') })
                : fmt(t.appliedNone, { n: issued.sequence })}
            </p>
            <a className={buttonClass({ variant: 'primary' })} href={issued.downloadUrl} download>
              {t.download}
            </a>
          </Alert>
        ) : (
          <p className="small muted">{changed ? t.changed : licenseNeeded ? t.applyNeeded : licenseNeed ? '' : hasLicense ? t.unchanged : ''}</p>
        )}
        <div className="row">
          <Button onClick={apply} busy={busy} disabled={!canApply || trying !== null}>
            {busy ? t.applying : t.apply}
          </Button>
          {changed ? (
            <Button variant="ghost" onClick={() => setDraft(new Set(initial))} disabled={busy}>
              {t.reset}
            </Button>
          ) : null}
          <Link href="/help/apply-license" target="_blank">
            {t.applyHelp}
          </Link>
        </div>
      </div>
    </div>
  )
}
