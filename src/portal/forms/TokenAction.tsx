'use client'
/**
 * Pages opened from an e-mailed link (/verify, /confirm-email): POSTs the token once when the page
 * opens — a mail scanner that only fetches the page consumes nothing — and shows the outcome.
 */
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useEffect, useRef, useState } from 'react'

import { apiRequest, genericError } from '../api-client'
import { fmt, type Dict } from '../i18n'
import { Alert, ButtonLink } from '../ui'

export interface TokenActionTexts {
  working: string
  done: string
  failed: string
  failedTitle?: string
  goLabel: string
  goHref: string
  failLinkLabel: string
  failLinkHref: string
}

export function TokenAction({ endpoint, token, t, common }: { endpoint: string; token: string; t: TokenActionTexts; common: Dict['common'] }) {
  const router = useRouter()
  const started = useRef(false)
  const [state, setState] = useState<{ kind: 'working' } | { kind: 'done'; email?: string } | { kind: 'failed'; message: string }>({ kind: 'working' })

  useEffect(() => {
    if (started.current) return
    started.current = true
    apiRequest('POST', endpoint, { token }).then((r) => {
      if (r.ok) {
        setState({ kind: 'done', email: r.data?.user?.email })
        router.refresh()
      } else if (r.openAt) {
        setState({ kind: 'failed', message: genericError(r, common) })
      } else if (r.status === 400 || r.status === 403 || r.status === 404 || r.status === 409 || r.status === 410) {
        setState({ kind: 'failed', message: r.status === 409 && r.message ? r.message : t.failed })
      } else setState({ kind: 'failed', message: genericError(r, common) })
    })
  }, [endpoint, token, router, t.failed, common])

  if (state.kind === 'working')
    return (
      <p className="row" role="status">
        <span className="spinner" aria-hidden="true" /> {t.working}
      </p>
    )
  if (state.kind === 'done')
    return (
      <div className="stack">
        <Alert tone="success">{fmt(t.done, { email: state.email ?? '' })}</Alert>
        <ButtonLink href={t.goHref}>{t.goLabel}</ButtonLink>
      </div>
    )
  return (
    <Alert tone="error" title={t.failedTitle}>
      <p>{state.message}</p>
      <p>
        <Link href={t.failLinkHref}>{t.failLinkLabel}</Link>
      </p>
    </Alert>
  )
}
