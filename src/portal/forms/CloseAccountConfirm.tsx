'use client'
/**
 * The page the closure e-mail links to. Unlike the other e-mailed links (TokenAction), nothing happens
 * when the page opens: closing cannot be undone, so the person presses the button — a mail scanner
 * that opens links, even one that runs scripts, closes nothing.
 */
import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState } from 'react'

import { apiRequest, genericError } from '../api-client'
import type { Dict } from '../i18n'
import { Alert, Button, ButtonLink } from '../ui'

export function CloseAccountConfirm({ token, t, common }: { token: string; t: Dict['closeAccount']; common: Dict['common'] }) {
  const router = useRouter()
  const [state, setState] = useState<{ kind: 'ready' | 'working' | 'done' } | { kind: 'failed'; message: string }>({ kind: 'ready' })

  async function onConfirm() {
    setState({ kind: 'working' })
    const r = await apiRequest('POST', '/api/users/confirm-closure', { token })
    if (r.ok) {
      setState({ kind: 'done' })
      router.refresh() // the session cookie is gone: the header shows the visitor's links again
    } else setState({ kind: 'failed', message: r.status === 400 ? t.failed : genericError(r, common) })
  }

  if (state.kind === 'done')
    return (
      <div className="stack">
        <Alert tone="success">{t.done}</Alert>
        <div>
          <ButtonLink href="/">{t.home}</ButtonLink>
        </div>
      </div>
    )
  return (
    <div className="stack">
      <p>{t.lead}</p>
      {state.kind === 'failed' ? (
        <Alert tone="error">
          <p>{state.message}</p>
          <p>
            <Link href="/account/profile">{t.profile}</Link>
          </p>
        </Alert>
      ) : null}
      <div>
        <Button variant="danger" busy={state.kind === 'working'} onClick={onConfirm}>
          {state.kind === 'working' ? t.working : t.confirm}
        </Button>
      </div>
    </div>
  )
}
