'use client'
/**
 * Add → Controller: a menu button, then a dialog that takes the license request code and POSTs
 * /api/controllers/claim. Success shows the Congratulations window; each failure says what to do.
 */
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useEffect, useRef, useState } from 'react'

import { apiRequest, genericError, type ApiResult } from '../api-client'
import { fmt, type Dict } from '../i18n'
import { Dialog } from '../ui/Dialog'
import { Alert, Button, ButtonLink, TextAreaField } from '../ui'

/** Only the texts it shows: they travel to the browser with the page. */
type Texts = { t: Dict['addController']; list: Pick<Dict['controllers'], 'add' | 'addController'>; common: Dict['common'] }
type Added = { id: string | number; serial: string; model: string }

/** What to say about a refused claim; `aboutCode` when the code itself is at fault (the field is marked invalid). */
type ClaimError = { text: string; detail: string | null; aboutCode: boolean }

function claimError(r: ApiResult, { t, common }: Texts): ClaimError {
  if (r.openAt) return { text: genericError(r, common), detail: null, aboutCode: false }
  const detail = r.message && r.status >= 400 && r.status < 500 ? r.message : null
  switch (r.status) {
    case 400:
      return { text: t.err400, detail, aboutCode: true }
    case 403:
      return { text: t.err403, detail, aboutCode: false }
    case 404:
      return { text: t.err404, detail, aboutCode: true }
    case 409:
      return { text: t.err409, detail, aboutCode: true }
    case 422:
      return { text: t.err422, detail, aboutCode: true }
    default:
      return { text: genericError(r, common), detail: null, aboutCode: false }
  }
}

export function AddController({ texts, openInitially = false }: { texts: Texts; openInitially?: boolean }) {
  const { t, list, common } = texts
  const router = useRouter()
  const [menuOpen, setMenuOpen] = useState(false)
  const [dialog, setDialog] = useState<'none' | 'code' | 'done'>(openInitially ? 'code' : 'none')
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<ClaimError | null>(null)
  const [added, setAdded] = useState<Added | null>(null)
  const menuRef = useRef<HTMLDivElement>(null)

  useEffect(() => {
    if (!menuOpen) return
    menuRef.current?.querySelector<HTMLElement>('[role="menuitem"]')?.focus()
    const onDoc = (e: MouseEvent) => {
      if (!menuRef.current?.contains(e.target as Node)) setMenuOpen(false)
    }
    document.addEventListener('click', onDoc)
    return () => document.removeEventListener('click', onDoc)
  }, [menuOpen])

  async function onSubmit(e: React.FormEvent<HTMLFormElement>) {
    e.preventDefault()
    const requestCode = String(new FormData(e.currentTarget).get('requestCode') ?? '').trim()
    if (!requestCode) return setError({ text: t.err400, detail: null, aboutCode: true })
    setBusy(true)
    setError(null)
    const r = await apiRequest('POST', '/api/controllers/claim', { requestCode })
    setBusy(false)
    if (r.ok && r.data?.controller) {
      const c = r.data.controller
      setAdded({ id: c.id, serial: String(c.serial), model: String(c.model ?? '') })
      setDialog('done')
      router.refresh()
      return
    }
    setError(claimError(r, texts))
  }

  const close = () => {
    setDialog('none')
    setError(null)
  }

  return (
    <>
      <div className="menu-button" ref={menuRef}>
        <Button
          id="add-button"
          aria-haspopup="menu"
          aria-expanded={menuOpen}
          aria-controls="add-menu"
          onClick={() => setMenuOpen((o) => !o)}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown') {
              e.preventDefault()
              setMenuOpen(true)
            }
          }}
        >
          + {list.add}
        </Button>
        {menuOpen ? (
          <ul className="menu-button__list" role="menu" id="add-menu" aria-labelledby="add-button">
            <li role="none">
              <button
                type="button"
                role="menuitem"
                onClick={() => {
                  setMenuOpen(false)
                  setDialog('code')
                }}
                onKeyDown={(e) => {
                  if (e.key === 'Escape') {
                    setMenuOpen(false)
                    document.getElementById('add-button')?.focus()
                  }
                }}
              >
                {list.addController}
              </button>
            </li>
          </ul>
        ) : null}
      </div>

      <Dialog open={dialog === 'code'} onClose={close} title={t.title} closeLabel={common.close}>
        <form className="form" onSubmit={onSubmit} noValidate>
          <TextAreaField
            id="request-code"
            name="requestCode"
            label={t.label}
            hint={
              <>
                {t.hint}{' '}
                <Link href="/help/license-request-code" target="_blank">
                  {t.helpLink}
                </Link>
              </>
            }
            aria-invalid={error?.aboutCode ? true : undefined}
            rows={3}
            spellCheck={false}
            autoCapitalize="characters"
            autoComplete="off"
            required
          />
          {error ? (
            <Alert tone="error">
              <p>{error.text}</p>
              {error.detail ? <p className="small">{fmt(common.details, { message: error.detail })}</p> : null}
            </Alert>
          ) : null}
          <div className="row row--end">
            <Button variant="ghost" onClick={close}>
              {common.cancel}
            </Button>
            <Button type="submit" busy={busy}>
              {busy ? t.submitting : t.submit}
            </Button>
          </div>
        </form>
      </Dialog>

      <Dialog open={dialog === 'done'} onClose={close} title={t.congratsTitle} closeLabel={common.close}>
        {added ? (
          <div className="stack">
            <Alert tone="success">{fmt(t.congrats, { model: added.model, serial: added.serial })}</Alert>
            <div className="row row--end">
              <Button variant="ghost" onClick={close}>
                {common.close}
              </Button>
              <ButtonLink href={`/account/controllers/${added.id}`}>{t.openIt}</ButtonLink>
            </div>
          </div>
        ) : null}
      </Dialog>
    </>
  )
}
