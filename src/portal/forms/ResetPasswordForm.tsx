'use client'
/** Reset password with the e-mailed token: POST /api/users/reset-password logs the user in. */
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState } from 'react'

import { apiRequest, genericError } from '../api-client'
import type { Dict } from '../i18n'
import { Alert, Button, TextField } from '../ui'

export function ResetPasswordForm({ token, t, reg, common }: { token: string; t: Dict['reset']; reg: Dict['register']; common: Dict['common'] }) {
  const router = useRouter()
  const [errors, setErrors] = useState<{ password?: string; password2?: string }>({})
  const [error, setError] = useState<string | null>(null)
  const [invalid, setInvalid] = useState(false)
  const [done, setDone] = useState(false)
  const [busy, setBusy] = useState(false)

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const password = String(f.get('password') ?? '')
    const next: typeof errors = {}
    if (password.length < 8) next.password = reg.errPasswordShort
    if (password !== f.get('password2')) next.password2 = reg.errPasswordMismatch
    setErrors(next)
    if (Object.keys(next).length) return
    setBusy(true)
    setError(null)
    const r = await apiRequest('POST', '/api/users/reset-password', { token, password })
    setBusy(false)
    if (r.ok) {
      setDone(true)
      router.refresh()
      return
    }
    if (!r.openAt && (r.status === 403 || r.status === 400)) setInvalid(true)
    else setError(genericError(r, common))
  }

  if (done)
    return (
      <Alert tone="success">
        <p>{t.done}</p>
        <p>
          <Link href="/account">{t.toAccount}</Link>
        </p>
      </Alert>
    )
  if (invalid)
    return (
      <Alert tone="error">
        <p>{t.invalid}</p>
        <p>
          <Link href="/forgot-password">{t.askAgain}</Link>
        </p>
      </Alert>
    )
  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <TextField id="reset-password" name="password" type="password" label={t.password} hint={reg.passwordHint} autoComplete="new-password" required error={errors.password} />
      <TextField id="reset-password2" name="password2" type="password" label={t.password2} autoComplete="new-password" required error={errors.password2} />
      <Button type="submit" busy={busy} block>
        {busy ? t.submitting : t.submit}
      </Button>
    </form>
  )
}
