'use client'
/** Registration: POST /api/users; the server's field errors appear next to the fields. */
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState } from 'react'

import { apiRequest, genericError } from '../api-client'
import type { Dict, Lang } from '../i18n'
import { Alert, Button, CheckField, TextField } from '../ui'

type Errors = Partial<Record<'name' | 'email' | 'phone' | 'password' | 'password2' | 'consent', string>>

export function RegisterForm({ lang, t, common }: { lang: Lang; t: Dict['register']; common: Dict['common'] }) {
  const router = useRouter()
  const [errors, setErrors] = useState<Errors>({})
  const [formError, setFormError] = useState<string | null>(null)
  const [busy, setBusy] = useState(false)

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const v = (k: string) => String(f.get(k) ?? '').trim()
    const next: Errors = {}
    if (!v('name')) next.name = t.errNameRequired
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(v('email'))) next.email = t.errEmail
    if (!v('phone')) next.phone = t.errPhoneRequired
    if (String(f.get('password') ?? '').length < 8) next.password = t.errPasswordShort
    if (f.get('password') !== f.get('password2')) next.password2 = t.errPasswordMismatch
    if (f.get('consent') !== 'on') next.consent = t.errConsent
    setErrors(next)
    setFormError(null)
    if (Object.keys(next).length) {
      setFormError(t.errForm)
      focusFirstError(e.currentTarget)
      return
    }
    setBusy(true)
    const r = await apiRequest('POST', '/api/users', {
      name: v('name'),
      email: v('email'),
      phone: v('phone'),
      password: String(f.get('password')),
      language: lang,
      newsSubscribed: f.get('newsSubscribed') === 'on',
      privacyAccepted: true,
    })
    if (r.ok) {
      router.push(`/register/check-email?email=${encodeURIComponent(v('email'))}`)
      return
    }
    setBusy(false)
    const fe = r.fieldErrors
    const server: Errors = {}
    if (fe.name) server.name = fe.name
    if (fe.email) server.email = /already|registered|unique/i.test(fe.email) ? t.errEmailTaken : fe.email
    if (fe.phone) server.phone = fe.phone
    if (fe.password) server.password = fe.password
    if (fe.privacyAccepted) server.consent = t.errConsent
    setErrors(server)
    setFormError(Object.keys(server).length ? t.errForm : genericError(r, common))
    const form = document.getElementById('register-form') as HTMLFormElement | null
    if (form) setTimeout(() => focusFirstError(form), 0)
  }

  return (
    <form id="register-form" className="form" onSubmit={onSubmit} noValidate>
      {formError ? <Alert tone="error">{formError}</Alert> : null}
      <TextField id="reg-name" name="name" label={t.name} hint={t.nameHint} autoComplete="name" required maxLength={120} error={errors.name} />
      <TextField id="reg-email" name="email" type="email" label={t.email} autoComplete="email" required error={errors.email} />
      <TextField id="reg-phone" name="phone" type="tel" label={t.phone} hint={t.phoneHint} autoComplete="tel" required error={errors.phone} />
      <TextField id="reg-password" name="password" type="password" label={t.password} hint={t.passwordHint} autoComplete="new-password" required minLength={8} error={errors.password} />
      <TextField id="reg-password2" name="password2" type="password" label={t.password2} autoComplete="new-password" required error={errors.password2} />
      <CheckField
        id="reg-consent"
        name="consent"
        required
        error={errors.consent}
        label={
          <>
            {t.consent.split('{link}')[0]}
            <Link href="/privacy" target="_blank">
              {t.consentLink}
            </Link>
            {t.consent.split('{link}')[1]}
          </>
        }
      />
      <CheckField id="reg-news" name="newsSubscribed" label={t.subscribe} />
      <Button type="submit" busy={busy} block>
        {busy ? t.submitting : t.submit}
      </Button>
    </form>
  )
}

export function focusFirstError(form: HTMLFormElement) {
  const el = form.querySelector<HTMLElement>('[aria-invalid="true"]')
  el?.focus()
}
