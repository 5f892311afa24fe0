'use client'
/**
 * The profile page's forms: details (PATCH /api/users/:id), password and e-mail change, the data
 * export (GET /api/users/me/export) and closing the account (POST /api/users/request-closure).
 */
import { useRouter } from 'next/navigation'
import { useState } from 'react'

import { apiDownload, apiRequest, genericError, type ApiResult } from '../api-client'
import { fmt, LANG_COOKIE, LANG_LABELS, LANGS, type Dict, type Lang } from '../i18n'
import { Alert, Button, CheckField, SelectField, TextField } from '../ui'
import { Dialog } from '../ui/Dialog'

type Texts = { t: Dict['profile']; reg: Dict['register']; common: Dict['common'] }
type Status = { tone: 'success' | 'error'; text: string } | null

function useSubmit() {
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState<Status>(null)
  const [errors, setErrors] = useState<Record<string, string>>({})
  return { busy, setBusy, status, setStatus, errors, setErrors }
}

const failed = (r: ApiResult, common: Dict['common']): Status => ({ tone: 'error', text: genericError(r, common) })

export function ProfileDetailsForm({
  user,
  t,
  reg,
  common,
}: Texts & { user: { id: string | number; name: string; phone: string; language: Lang; newsSubscribed: boolean } }) {
  const router = useRouter()
  const s = useSubmit()

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const f = new FormData(e.currentTarget)
    const data = {
      name: String(f.get('name') ?? '').trim(),
      phone: String(f.get('phone') ?? '').trim(),
      language: String(f.get('language')) === 'ru' ? 'ru' : 'en',
      newsSubscribed: f.get('newsSubscribed') === 'on',
    }
    const local: Record<string, string> = {}
    if (!data.name) local.name = reg.errNameRequired
    if (!data.phone) local.phone = reg.errPhoneRequired
    s.setErrors(local)
    if (Object.keys(local).length) return s.setStatus({ tone: 'error', text: reg.errForm })
    s.setBusy(true)
    s.setStatus(null)
    const r = await apiRequest('PATCH', `/api/users/${user.id}`, data)
    s.setBusy(false)
    if (r.ok) {
      s.setStatus({ tone: 'success', text: t.detailsSaved })
      if (data.language !== user.language) document.cookie = `${LANG_COOKIE}=${data.language}; path=/; max-age=31536000; samesite=lax`
      router.refresh()
      return
    }
    s.setErrors(r.fieldErrors)
    s.setStatus(Object.keys(r.fieldErrors).length ? { tone: 'error', text: reg.errForm } : failed(r, common))
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate aria-describedby={s.status ? 'details-status' : undefined}>
      <TextField id="profile-name" name="name" label={t.name} defaultValue={user.name} autoComplete="name" required maxLength={120} error={s.errors.name} />
      <TextField id="profile-phone" name="phone" type="tel" label={t.phone} hint={t.phoneHint} defaultValue={user.phone} autoComplete="tel" required error={s.errors.phone} />
      <SelectField id="profile-language" name="language" label={t.language} defaultValue={user.language} options={LANGS.map((l) => ({ value: l, label: LANG_LABELS[l] }))} />
      <CheckField id="profile-news" name="newsSubscribed" label={t.subscribe} defaultChecked={user.newsSubscribed} />
      {s.status ? (
        <Alert tone={s.status.tone} id="details-status">
          {s.status.text}
        </Alert>
      ) : null}
      <div>
        <Button type="submit" busy={s.busy}>
          {s.busy ? common.saving : t.saveDetails}
        </Button>
      </div>
    </form>
  )
}

export function PasswordForm({ t, reg, common }: Texts) {
  const s = useSubmit()

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const form = e.currentTarget
    const f = new FormData(form)
    const currentPassword = String(f.get('currentPassword') ?? '')
    const newPassword = String(f.get('newPassword') ?? '')
    const local: Record<string, string> = {}
    if (!currentPassword) local.currentPassword = t.errCurrentPassword
    if (newPassword.length < 8) local.newPassword = reg.errPasswordShort
    if (newPassword !== f.get('newPassword2')) local.newPassword2 = reg.errPasswordMismatch
    s.setErrors(local)
    s.setStatus(null)
    if (Object.keys(local).length) return
    s.setBusy(true)
    const r = await apiRequest('POST', '/api/users/change-password', { currentPassword, newPassword })
    s.setBusy(false)
    if (r.ok) {
      form.reset()
      return s.setStatus({ tone: 'success', text: t.passwordChanged })
    }
    const fe = { ...r.fieldErrors }
    if (fe.currentPassword && /not correct/i.test(fe.currentPassword)) fe.currentPassword = t.errCurrentPassword
    s.setErrors(fe)
    s.setStatus(Object.keys(fe).length ? null : failed(r, common))
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <TextField id="pw-current" name="currentPassword" type="password" label={t.currentPassword} autoComplete="current-password" required error={s.errors.currentPassword} />
      <TextField id="pw-new" name="newPassword" type="password" label={t.newPassword} hint={reg.passwordHint} autoComplete="new-password" required error={s.errors.newPassword} />
      <TextField id="pw-new2" name="newPassword2" type="password" label={t.newPassword2} autoComplete="new-password" required error={s.errors.newPassword2} />
      {s.status ? <Alert tone={s.status.tone}>{s.status.text}</Alert> : null}
      <div>
        <Button type="submit" busy={s.busy}>
          {s.busy ? common.saving : t.changePassword}
        </Button>
      </div>
    </form>
  )
}

export function EmailForm({ email, pendingEmail, t, reg, common }: Texts & { email: string; pendingEmail?: string | null }) {
  const router = useRouter()
  const s = useSubmit()

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const form = e.currentTarget
    const f = new FormData(form)
    const next = String(f.get('email') ?? '').trim()
    const password = String(f.get('password') ?? '')
    const local: Record<string, string> = {}
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(next)) local.email = reg.errEmail
    else if (next.toLowerCase() === email.toLowerCase()) local.email = t.errEmailSame
    if (!password) local.password = t.errCurrentPassword
    s.setErrors(local)
    s.setStatus(null)
    if (Object.keys(local).length) return
    s.setBusy(true)
    const r = await apiRequest('POST', '/api/users/change-email', { email: next, password })
    s.setBusy(false)
    if (r.ok) {
      form.reset()
      s.setStatus({ tone: 'success', text: fmt(t.emailSent, { email: next.toLowerCase() }) })
      router.refresh()
      return
    }
    const fe = { ...r.fieldErrors }
    if (fe.password && /not correct/i.test(fe.password)) fe.password = t.errCurrentPassword
    s.setErrors(fe)
    s.setStatus(Object.keys(fe).length ? null : failed(r, common))
  }

  return (
    <form className="form" onSubmit={onSubmit} noValidate>
      <p>{fmt(t.currentEmail, { email })}</p>
      {pendingEmail && !s.status ? <Alert tone="info">{fmt(t.emailPending, { email: pendingEmail })}</Alert> : null}
      <TextField id="email-new" name="email" type="email" label={t.newEmail} autoComplete="email" required error={s.errors.email} />
      <TextField id="email-password" name="password" type="password" label={t.emailPassword} autoComplete="current-password" required error={s.errors.password} />
      {s.status ? <Alert tone={s.status.tone}>{s.status.text}</Alert> : null}
      <div>
        <Button type="submit" busy={s.busy} variant="secondary">
          {t.changeEmail}
        </Button>
      </div>
    </form>
  )
}

/** Your data: the whole account as one ZIP, saved by the browser. */
export function DataExport({ t, common }: Pick<Texts, 't' | 'common'>) {
  const s = useSubmit()

  async function onDownload() {
    s.setBusy(true)
    s.setStatus(null)
    const r = await apiDownload('/api/users/me/export')
    s.setBusy(false)
    s.setStatus(r.ok ? { tone: 'success', text: fmt(t.dataDone, { file: r.filename }) } : failed(r.result, common))
  }

  return (
    <div className="stack">
      <p>{t.dataLead}</p>
      {s.status ? (
        <Alert tone={s.status.tone} id="data-status">
          {s.status.text}
        </Alert>
      ) : null}
      <div>
        <Button variant="secondary" busy={s.busy} onClick={onDownload}>
          {s.busy ? t.dataPreparing : t.dataDownload}
        </Button>
      </div>
    </div>
  )
}

/** Close account: asks for confirmation here, then a link goes to the account's address; following it closes the account. */
export function CloseAccount({ email, pendingSince, t, common }: Pick<Texts, 't' | 'common'> & { email: string; pendingSince: string | null }) {
  const s = useSubmit()
  const [asking, setAsking] = useState(false)

  async function onSend() {
    s.setBusy(true)
    s.setStatus(null)
    const r = await apiRequest('POST', '/api/users/request-closure')
    s.setBusy(false)
    setAsking(false)
    s.setStatus(r.ok ? { tone: 'success', text: fmt(t.closeSent, { email }) } : failed(r, common))
  }

  return (
    <div className="stack">
      <p>{t.closeLead}</p>
      {pendingSince && !s.status ? <Alert tone="info">{fmt(t.closePending, { date: pendingSince })}</Alert> : null}
      {s.status ? (
        <Alert tone={s.status.tone} id="close-status">
          {s.status.text}
        </Alert>
      ) : null}
      <div>
        <Button variant="danger" onClick={() => (setAsking(true), s.setStatus(null))}>
          {t.closeButton}
        </Button>
      </div>
      <Dialog open={asking} onClose={() => setAsking(false)} title={t.closeDialogTitle} closeLabel={common.close}>
        <div className="stack">
          <p>{fmt(t.closeDialogBody, { email })}</p>
          <div className="row row--end">
            <Button variant="ghost" onClick={() => setAsking(false)}>
              {common.cancel}
            </Button>
            <Button variant="danger" busy={s.busy} onClick={onSend}>
              {t.closeSend}
            </Button>
          </div>
        </div>
      </Dialog>
    </div>
  )
}
