'use client'
/**
 * The controller page's sidebar actions for staff: Issue license (on the owner's behalf, with the
 * options that are paid for), Transfer to another account and Release (back to unclaimed), and the
 * dated rights: Grant an option until a date, Extend one (a later date), End one now and set until
 * when firmware updates are covered (POST /api/controllers/:id/option-terms). Each with the reason
 * the audit log keeps; the server's refusal is shown as it words it.
 */
import type { Controller, Option } from '@payload-types'
import { useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useEffect, useState } from 'react'

import { callApi, noSubmitOnEnter } from './api'
import * as s from './styles'

type Mode = 'issue' | 'transfer' | 'release' | TermMode
type TermMode = 'grant' | 'extend' | 'end' | 'maintenance'
type Entitlement = NonNullable<Controller['entitlements']>[number]

const codeOf = (o: Entitlement['option']) => (typeof o === 'object' ? o.code : String(o))
/** A dated right that runs now (the ones Extend and End act on). */
const running = (e: Entitlement, now = Date.now()) => e.state !== 'awaiting_payment' && e.state !== 'ended' && !!e.until && new Date(e.until).getTime() > now
/** The end of the day picked (a date input's YYYY-MM-DD), in UTC: "until 31 March" includes 31 March. */
const endOfDay = (date: string) => (date ? `${date}T23:59:59.999Z` : '')
const day = (iso: string | null | undefined) => (iso ? iso.slice(0, 10) : 'no limit')

const CONFIRM: Record<Mode, string> = {
  issue: 'Issue license now',
  transfer: 'Confirm transfer',
  release: 'Confirm release',
  grant: 'Grant',
  extend: 'Extend',
  end: 'End now',
  maintenance: 'Set firmware updates end',
}

export function ControllerActions() {
  const { id } = useDocumentInfo()
  const owner = useFormFields(([fields]) => fields.owner?.initialValue)
  const [mode, setMode] = useState<Mode | null>(null)
  const [email, setEmail] = useState('')
  const [reason, setReason] = useState('')
  const [choices, setChoices] = useState<{ code: string; on: boolean }[]>([])
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)
  const [controller, setController] = useState<Controller | null>(null)
  const [catalogue, setCatalogue] = useState<Option[]>([])
  const [option, setOption] = useState('')
  const [until, setUntil] = useState('')

  useEffect(() => {
    if (mode !== 'issue' || !id) return
    callApi(`GET`, `/api/controllers/${id}?depth=1`).then((res) => {
      const rows = ((res.body?.entitlements ?? []) as Entitlement[]).filter((e) => e.state === 'active' || e.state === 'available')
      setChoices(rows.map((e) => ({ code: typeof e.option === 'object' ? String(e.option.code) : String(e.option), on: true })))
    })
  }, [mode, id])

  // The controller's rows (with their options' codes) and the catalogue, for the dated-rights forms.
  useEffect(() => {
    if (!id) return
    callApi<Controller>('GET', `/api/controllers/${id}?depth=1`).then((res) => res.ok && setController(res.body))
    callApi<{ docs: Option[] }>('GET', '/api/options?limit=500&depth=0&sort=code').then((res) => res.ok && setCatalogue(res.body?.docs ?? []))
  }, [id])

  if (!id) return null
  const hasOwner = owner != null && owner !== ''
  const rows = controller?.entitlements ?? []
  const runningRows = rows.filter((e) => running(e))
  const factory = new Set((controller?.factoryOptions ?? []).map((f) => (typeof f === 'object' ? f.code : String(f))))
  // Options staff may grant: features fitting the model, not included, not owned outright.
  const grantable = catalogue.filter((o) => {
    if (o.kind === 'updates' || factory.has(o.code) || (controller && !o.modelIds.includes(controller.modelId))) return false
    const row = rows.find((e) => codeOf(e.option) === o.code)
    return !row || row.state === 'ended' || running(row) || (!!row.until && row.state !== 'awaiting_payment')
  })
  const termMode = mode === 'grant' || mode === 'extend' || mode === 'end' || mode === 'maintenance'
  const picked = rows.find((e) => codeOf(e.option) === option)

  const run = async () => {
    setBusy(true)
    setMessage('')
    const terms = `/api/controllers/${id}/option-terms`
    const res =
      mode === 'issue'
        ? await callApi('POST', `/api/controllers/${id}/apply`, { options: choices.filter((c) => c.on).map((c) => c.code) })
        : mode === 'transfer'
          ? await callApi('POST', `/api/controllers/${id}/transfer`, { email, reason })
          : mode === 'grant' || mode === 'extend'
            ? await callApi('POST', terms, { action: 'grant', option, until: endOfDay(until), reason })
            : mode === 'end'
              ? await callApi('POST', terms, { action: 'end', option, reason })
              : mode === 'maintenance'
                ? await callApi('POST', terms, { action: 'maintenance', until: endOfDay(until), reason })
                : await callApi('POST', `/api/controllers/${id}/release`, { reason })
    setBusy(false)
    if (!res.ok) return setMessage(res.message)
    window.location.reload()
  }
  const open = (m: Mode) => () => (setMode(m), setMessage(''), setReason(''), setEmail(''), setUntil(''), setOption(m === 'extend' || m === 'end' ? (runningRows[0] ? codeOf(runningRows[0].option) : '') : ''))
  const needsOption = mode === 'grant' || mode === 'extend' || mode === 'end'
  const needsUntil = mode === 'grant' || mode === 'extend' || mode === 'maintenance'
  const ready = !!reason.trim() && (!needsOption || !!option) && (!needsUntil || !!until)

  return (
    <div style={s.panel} data-testid="controller-actions">
      {!mode && (
        <>
          <button type="button" style={s.primary} disabled={!hasOwner} onClick={open('issue')} title={hasOwner ? '' : 'Nobody owns this controller yet'}>
            Issue license
          </button>
          <button type="button" style={s.button} onClick={open('transfer')}>
            Transfer to another account
          </button>
          <button type="button" style={s.button} disabled={!hasOwner} onClick={open('release')}>
            Release
          </button>
          <p style={{ ...s.label, marginTop: 8, fontWeight: 600 }}>Options with end dates</p>
          <button type="button" style={s.button} onClick={open('grant')}>
            Grant an option…
          </button>
          <button type="button" style={s.button} disabled={!runningRows.length} onClick={open('extend')} title={runningRows.length ? '' : 'No dated option runs now'}>
            Extend an option…
          </button>
          <button type="button" style={s.button} disabled={!runningRows.length} onClick={open('end')} title={runningRows.length ? '' : 'No dated option runs now'}>
            End an option now…
          </button>
          <button type="button" style={s.button} onClick={open('maintenance')}>
            Firmware updates until…
          </button>
          {runningRows.length || controller?.maintenanceUntil ? (
            <ul style={{ fontSize: 12, margin: '4px 0 0', paddingLeft: 16 }} data-testid="dated-rights">
              {runningRows.map((e) => (
                <li key={codeOf(e.option)}>
                  {codeOf(e.option)} {e.state} until {day(e.until)}
                </li>
              ))}
              {controller?.maintenanceUntil ? <li>Firmware updates until {day(controller.maintenanceUntil)}</li> : null}
            </ul>
          ) : null}
        </>
      )}
      {needsOption && (
        <div>
          <label style={s.label} htmlFor="term-option">
            Option
          </label>
          <select id="term-option" name="term-option" style={s.input} value={option} onChange={(e) => setOption(e.target.value)}>
            {mode === 'grant' ? <option value="">Choose an option</option> : null}
            {(mode === 'grant' ? grantable.map((o) => o.code) : runningRows.map((e) => codeOf(e.option))).map((code) => (
              <option key={code} value={code}>
                {code}
              </option>
            ))}
          </select>
          {picked && running(picked) ? (
            <p style={{ fontSize: 12, marginTop: 0 }}>
              Runs until {day(picked.until)} now{mode === 'grant' || mode === 'extend' ? '; a later date extends it.' : '; ending it takes it out of the next license.'}
            </p>
          ) : null}
        </div>
      )}
      {needsUntil && (
        <div>
          <label style={s.label} htmlFor="term-until">
            {mode === 'maintenance' ? 'Firmware updates covered until (end of the day, UTC)' : 'Until (end of the day, UTC)'}
          </label>
          <input id="term-until" name="term-until" type="date" style={s.input} value={until} onChange={(e) => setUntil(e.target.value)} onKeyDown={noSubmitOnEnter} />
          {mode === 'maintenance' ? <p style={{ fontSize: 12, marginTop: 0 }}>Now: {day(controller?.maintenanceUntil)}. Format 2 controllers only.</p> : null}
        </div>
      )}
      {termMode && (
        <div>
          <label style={s.label} htmlFor="term-reason">
            Reason
          </label>
          <textarea id="term-reason" name="term-reason" style={s.input} rows={2} value={reason} onChange={(e) => setReason(e.target.value)} />
          <p style={{ fontSize: 12, marginTop: 0 }}>Kept in the audit log. The owner then needs a new license (Apply) for the new dates.</p>
        </div>
      )}
      {mode === 'issue' && (
        <div>
          <p style={{ marginTop: 0 }}>Options switched on in the new license (factory options are always included):</p>
          {choices.length === 0 && <p>No bought options are paid for; the license will hold the factory options only.</p>}
          {choices.map((c, i) => (
            <label key={c.code} style={{ display: 'block', marginBottom: 4 }}>
              <input type="checkbox" checked={c.on} onChange={() => setChoices(choices.map((x, j) => (j === i ? { ...x, on: !x.on } : x)))} /> {c.code}
            </label>
          ))}
        </div>
      )}
      {mode === 'transfer' && (
        <div>
          <label style={s.label} htmlFor="transfer-email">
            New owner&apos;s account e-mail
          </label>
          <input id="transfer-email" name="transfer-email" type="email" style={s.input} value={email} onChange={(e) => setEmail(e.target.value)} onKeyDown={noSubmitOnEnter} autoFocus />
        </div>
      )}
      {(mode === 'transfer' || mode === 'release') && (
        <div>
          <label style={s.label} htmlFor="controller-reason">
            Reason
          </label>
          <textarea id="controller-reason" name="controller-reason" style={s.input} rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
          <p style={{ fontSize: 12, marginTop: 0 }}>The current owner loses access; licenses, orders and history stay with the controller.</p>
        </div>
      )}
      {message && (
        <p style={s.error} role="alert">
          {message}
        </p>
      )}
      {mode && (
        <>
          <button
            type="button"
            style={mode === 'release' || mode === 'end' ? s.danger : s.primary}
            disabled={busy || (termMode ? !ready : mode !== 'issue' && !reason.trim())}
            onClick={run}
          >
            {busy ? 'Working…' : CONFIRM[mode]}
          </button>
          <button type="button" style={s.button} onClick={() => setMode(null)}>
            Back
          </button>
        </>
      )}
    </div>
  )
}
