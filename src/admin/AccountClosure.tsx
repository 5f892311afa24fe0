'use client'
/**
 * A user's sidebar for staff: their data as a ZIP (the archive the customer downloads), and the account's
 * closure — the request's state (asked for, closed) and Close account, which carries the request out
 * (docs/privacy.md). Closing asks for a confirmation first; it cannot be undone.
 */
import { useDocumentInfo, useFormFields } from '@payloadcms/ui'
import { useState } from 'react'

import { callApi } from './api'
import * as s from './styles'

const when = (v: unknown) => (typeof v === 'string' && v ? new Date(v).toISOString().replace('T', ' ').slice(0, 16) + ' UTC' : null)

export function AccountClosure() {
  const { id } = useDocumentInfo()
  const requested = when(useFormFields(([fields]) => fields.closureRequestedAt?.initialValue))
  const closed = when(useFormFields(([fields]) => fields.closedAt?.initialValue))
  const [confirming, setConfirming] = useState(false)
  const [busy, setBusy] = useState(false)
  const [message, setMessage] = useState('')

  if (!id) return null

  const close = async () => {
    setBusy(true)
    setMessage('')
    const res = await callApi('POST', `/api/users/${id}/close`, { confirm: true })
    setBusy(false)
    if (!res.ok) return setMessage(res.message)
    window.location.reload()
  }

  return (
    <div style={s.panel} data-testid="account-closure">
      <p style={{ marginTop: 0 }}>
        <a href={`/api/users/${id}/export`} download>
          Download this account&apos;s data (ZIP)
        </a>
      </p>
      {closed ? (
        <p style={{ marginBottom: 0 }}>Closed on {closed} at the person&apos;s request. Name, e-mail and phone are erased; orders, bills and licenses are kept.</p>
      ) : (
        <>
          <p>{requested ? `The person asked to close this account on ${requested} (a confirmation link was e-mailed to them).` : 'No request to close this account.'}</p>
          {!confirming ? (
            <button type="button" style={s.button} onClick={() => (setConfirming(true), setMessage(''))}>
              Close account…
            </button>
          ) : (
            <>
              <p style={{ fontSize: 12 }}>
                Closing erases the person&apos;s name, e-mail and phone everywhere, releases their controllers (licenses stay with them) and ends every session. Orders, bills,
                payments and the audit log stay without personal data. This cannot be undone.
              </p>
              <button type="button" style={s.danger} disabled={busy} onClick={close}>
                {busy ? 'Closing…' : 'Close the account now'}
              </button>
              <button type="button" style={s.button} onClick={() => setConfirming(false)}>
                Back
              </button>
            </>
          )}
        </>
      )}
      {message && (
        <p style={s.error} role="alert">
          {message}
        </p>
      )}
    </div>
  )
}
