import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'

import { LoginForm } from '@/portal/forms/LoginForm'
import { getSession } from '@/portal/queries/session'
import { getI18n } from '@/portal/i18n/get-lang'
import { safeReturnPath } from '@/portal/return-path'
import { Alert, Card, PageHeader } from '@/portal/ui'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.login.title }
}

export default async function LoginPage({ searchParams }: { searchParams: Promise<{ next?: string; loggedOut?: string }> }) {
  const params = await searchParams
  const next = safeReturnPath(params.next)
  if ((await getSession()).user) redirect(next)
  const { t } = await getI18n()
  return (
    <div className="container page narrow">
      <PageHeader title={t.login.title} />
      <div className="stack">
        {params.loggedOut ? <Alert tone="info">{t.login.loggedOutNotice}</Alert> : null}
        {params.next ? <Alert tone="info">{t.login.needLogin}</Alert> : null}
        <Card>
          <LoginForm next={next} t={t.login} common={t.common} />
        </Card>
        <p>
          <Link href="/forgot-password">{t.login.forgot}</Link>
        </p>
        <p>
          {t.login.noAccount} <Link href="/register">{t.nav.register}</Link>
        </p>
      </div>
    </div>
  )
}
