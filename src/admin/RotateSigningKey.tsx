'use client'
/**
 * Above the signing keys list (admins): Rotate, after an explicit confirmation. Rotation makes a
 * pending key; the current key keeps signing until a certificate for the new one is uploaded on the
 * new key's page.
 */
import { useState } from 'react'

import { callApi } from './api'
import * as s from './styles'

export function RotateSigningKey() {
  const [confirming, setConfirming] = useState(false)
  const [message, setMessage] = useState('')
  const [busy, setBusy] = useState(false)
  const rotate = async () => {
    setBusy(true)
    const res = await callApi('POST', '/api/signing-keys/rotate', { confirm: true })
    setBusy(false)
    if (!res.ok) return setMessage(res.message)
    window.location.assign(`/admin/collections/signing-keys/${res.body.key.id}`)
  }
  return (
    <div style={s.panel} data-testid="rotate-signing-key">
      {!confirming ? (
        <button type="button" style={s.button} onClick={() => setConfirming(true)}>
          Rotate signing key…
        </button>
      ) : (
        <>
          <p style={{ marginTop: 0 }}>
            Rotation makes a new key that waits for its certificate: download its certification request, certify it offline with a PUMOTIX root (
            <code>pumotix-keys certify</code>) and upload the certificate on the new key&apos;s page. Only then does it sign licenses, and the current key is retired
            (it stays published, so licenses already issued keep verifying). PMX2 controllers verify the new key through the root; PMX1 controllers must know its public key
            (GET /api/license-keys) before they accept licenses it signs.
          </p>
          <button type="button" style={s.danger} disabled={busy} onClick={rotate}>
            {busy ? 'Rotating…' : 'Yes, rotate now'}
          </button>
          <button type="button" style={s.button} onClick={() => setConfirming(false)}>
            Keep the current key
          </button>
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
