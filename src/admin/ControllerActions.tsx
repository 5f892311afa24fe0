'use client'
/**
 * The controller page's sidebar actions for staff: Issue license (on the owner's behalf, with the
 * options that are paid for), Transfer to another account and Release (back to unclaimed), each with
 * the reason the audit log keeps.
 */
import { useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useEffect, useState } from 'react'

import { callApi, noSubmitOnEnter } from './api'
import * as s from './styles'

type Mode = 'issue' | 'transfer' | 'release'
type Entitlement = { option: { code?: string } | string | number; state: string }

export function ControllerActions() {
  const { id } = useDocumentInfo()
  const owner = useFormFields(([fields]) => fields.owner?.initialValue)
  const [mode, setMode] = useState<Mode | null>(null)
  const [email, setEmail] = useState('')
  const [reason, setReason] = useState('')
  const [choices, setChoices] = useState<{ code: string; on: boolean }[]>([])
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    if (mode !== 'issue' || !id) return
    callApi(`GET`, `/api/controllers/${id}?depth=1`).then((res) => {
      const rows = ((res.body?.entitlements ?? []) as Entitlement[]).filter((e) => e.state === 'active' || e.state === 'available')
      setChoices(rows.map((e) => ({ code: typeof e.option === 'object' ? String(e.option.code) : String(e.option), on: true })))
    })
  }, [mode, id])

  if (!id) return null
  const hasOwner = owner != null && owner !== ''

  const run = async () => {
    setBusy(true)
    setMessage('')
    const res =
      mode === 'issue'
        ? await callApi('POST', `/api/controllers/${id}/apply`, { options: choices.filter((c) => c.on).map((c) => c.code) })
        : mode === 'transfer'
          ? await callApi('POST', `/api/controllers/${id}/transfer`, { email, reason })
          : await callApi('POST', `/api/controllers/${id}/release`, { reason })
    setBusy(false)
    if (!res.ok) return setMessage(res.message)
    window.location.reload()
  }
  const open = (m: Mode) => () => (setMode(m), setMessage(''), setReason(''), setEmail(''))

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
        </>
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
          <button type="button" style={mode === 'release' ? s.danger : s.primary} disabled={busy || (mode !== 'issue' && !reason.trim())} onClick={run}>
            {busy ? 'Working…' : mode === 'issue' ? 'Issue license now' : mode === 'transfer' ? 'Confirm transfer' : 'Confirm release'}
          </button>
          <button type="button" style={s.button} onClick={() => setMode(null)}>
            Back
          </button>
        </>
      )}
    </div>
  )
}
