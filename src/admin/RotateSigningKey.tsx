'use client'
/** Above the signing keys list (admins): Rotate, after an explicit confirmation. */
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
    window.location.reload()
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
            A new key will sign every license from now on. The current key is retired but stays published, so licenses already issued keep verifying. Controllers must
            know the new public key (GET /api/license-keys) before they can verify new licenses.
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
