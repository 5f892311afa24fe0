'use client'
/** Login: POST /api/users/login sets the session cookie; then the page the user came for. */
import { useRouter } from 'next/navigation'
import { useState } from 'react'

import { apiRequest, genericError, minutesUntilRetry } from '../api-client'
import { fmt, isLang, LANG_COOKIE, type Dict } from '../i18n'
import { safeReturnPath } from '../return-path'
import { Alert, Button, TextField } from '../ui'

export function LoginForm({ next, t, common }: { next?: string; t: Dict['login']; common: Dict['common'] }) {
  const router = useRouter()
  const [error, setError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const email = String(f.get('email') ?? '').trim()
    const password = String(f.get('password') ?? '')
    if (!email || !password) return setError(t.errRequired)
    setBusy(true)
    setError(null)
    const r = await apiRequest('POST', '/api/users/login', { email, password })
    if (r.ok) {
      const language = r.data?.user?.language
      if (isLang(language)) document.cookie = `${LANG_COOKIE}=${language}; path=/; max-age=31536000; samesite=lax`
      router.replace(safeReturnPath(next))
      router.refresh()
      return
    }
    setBusy(false)
    const m = r.message ?? ''
    if (r.status === 429 && r.data?.errors?.[0]?.data?.accountLocked) setError(fmt(t.errLocked, { minutes: minutesUntilRetry(r) }))
    else if (r.status === 401 || r.status === 400) setError(t.errCredentials)
    else if (r.status === 403 && !r.openAt && /verif/i.test(m)) setError(t.errUnverified)
    else setError(genericError(r, common))
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      {error ? <Alert tone="error">{error}</Alert> : null}
      <TextField id="login-email" name="email" type="email" label={t.email} autoComplete="email" required />
      <TextField id="login-password" name="password" type="password" label={t.password} autoComplete="current-password" required />
      <Button type="submit" busy={busy} block>
        {busy ? t.submitting : t.submit}
      </Button>
    </form>
  )
}
