'use client'
/** Forgot password: the same neutral answer whether or not the address has an account. */
import { useState } from 'react'

import { apiRequest, genericError } from '../api-client'
import { fmt, type Dict } from '../i18n'
import { Alert, Button, TextField } from '../ui'

export function ForgotPasswordForm({ t, common }: { t: Dict['forgot']; common: Dict['common'] }) {
  const [sentTo, setSentTo] = useState<string | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const email = String(new FormData(e.currentTarget).get('email') ?? '').trim()
    if (!email) return
    setBusy(true)
    setError(null)
    const r = await apiRequest('POST', '/api/users/forgot-password', { email })
    setBusy(false)
    if (r.networkError) return setError(common.networkError)
    if (r.status === 429) return setError(genericError(r, common))
    if (r.status >= 500) return setError(common.serverError)
    setSentTo(email)
  }

  if (sentTo) return <Alert tone="success">{fmt(t.sent, { email: sentTo })}</Alert>
  return (
    <form className="form" onSubmit={onSubmit}>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <TextField id="forgot-email" name="email" type="email" label={t.email} autoComplete="email" required />
      <Button type="submit" busy={busy} block>
        {busy ? t.submitting : t.submit}
      </Button>
    </form>
  )
}
