'use client'
/**
 * A user's sidebar for staff: "Send password reset link" — the owner gets a link to choose a new
 * password (POST /api/users/:id/send-password-reset, recorded in the audit log). Staff never set or see
 * a customer's password.
 */
import { useDocumentInfo } from '@payloadcms/ui'
import { useState } from 'react'

import { callApi } from './api'
import * as s from './styles'

export function SendPasswordReset() {
  const { id } = useDocumentInfo()
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null)
  if (!id) return null

  const send = async () => {
    setBusy(true)
    setResult(null)
    const res = await callApi('POST', `/api/users/${id}/send-password-reset`)
    setBusy(false)
    setResult({ ok: res.ok, message: res.message })
  }

  return (
    <div style={s.panel} data-testid="send-password-reset">
      <p style={{ marginTop: 0, fontSize: 12 }}>Cannot log in? Send the person a link to choose a new password themselves (valid for one hour).</p>
      <button type="button" style={s.button} disabled={busy} onClick={send}>
        {busy ? 'Sending…' : 'Send password reset link'}
      </button>
      {result && (
        <p style={result.ok ? s.ok : s.error} role={result.ok ? 'status' : 'alert'}>
          {result.message}
        </p>
      )}
    </div>
  )
}
