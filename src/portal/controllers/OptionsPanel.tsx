'use client'
/**
 * The controller's options with switches. Switches change only this page's draft; Apply issues a
 * license with exactly the switched-on options (POST /api/controllers/:id/apply) and offers the file.
 * A failed Apply changes nothing: the draft stays as the user left it, with the server's reason.
 */
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useEffect, useMemo, useState } from 'react'

import { apiRequest, genericError } from '../api-client'
import type { OptionRow } from '../queries/controllers'
import { fmt, type Dict } from '../i18n'
import { Alert, Button, buttonClass } from '../ui'
import { Switch } from '../ui/Switch'

type Issued = { id: string | number; sequence: number; options: string[]; downloadUrl: string }

const isOn = (r: OptionRow) => r.state === 'factory' || r.state === 'active'

export function OptionsPanel({
  controllerId,
  rows,
  hasLicense,
  t,
  common,
}: {
  controllerId: string | number
  rows: OptionRow[]
  hasLicense: boolean
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

  // When the server's state changes (after Apply and refresh), the draft starts from it again.
  useEffect(() => {
    setDraft(new Set(serverKey ? serverKey.split(',') : []))
  }, [serverKey])

  const changed = draft.size !== initial.length || initial.some((c) => !draft.has(c))
  const canApply = changed || !hasLicense

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
    const options = rows.filter((r) => r.state !== 'awaiting_payment' && draft.has(r.code)).map((r) => r.code)
    const r = await apiRequest('POST', `/api/controllers/${controllerId}/apply`, { options })
    setBusy(false)
    if (r.ok && r.data?.license) {
      setIssued(r.data.license as Issued)
      router.refresh()
      return
    }
    setError(r.status === 422 && r.message ? r.message : genericError(r, common))
  }

  const group = (title: string, items: OptionRow[], note?: string) => (
    <section className="option-group" aria-labelledby={`grp-${title.replace(/\W+/g, '-')}`}>
      <h3 id={`grp-${title.replace(/\W+/g, '-')}`}>{title}</h3>
      {items.length ? (
        <ul className="option-list">
          {items.map((r) => {
            const labelId = `opt-${r.code}`
            const noteId = `opt-${r.code}-note`
            const disabled = r.state === 'factory' || r.state === 'awaiting_payment' || busy
            const checked = r.state === 'factory' ? true : r.state === 'awaiting_payment' ? false : draft.has(r.code)
            return (
              <li key={r.code} className="option-row">
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
                </div>
                <Switch
                  checked={checked}
                  disabled={disabled}
                  labelledBy={labelId}
                  describedBy={r.state === 'factory' || r.state === 'awaiting_payment' ? noteId : undefined}
                  onChange={(on) => toggle(r.code, on)}
                />
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

  return (
    <div className="stack-lg">
      {factory.length ? group(t.factory, factory) : null}
      {group(t.active, active)}
      {group(t.available, available)}
      {awaiting.length ? group(t.awaiting, awaiting) : null}

      <div className="apply-bar stack" aria-live="polite">
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
          <p className="small muted">{changed ? t.changed : hasLicense ? t.unchanged : ''}</p>
        )}
        <div className="row">
          <Button onClick={apply} busy={busy} disabled={!canApply}>
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
