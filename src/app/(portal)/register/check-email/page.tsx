import type { Metadata } from 'next'

import { fmt } from '@/portal/i18n'
import { getI18n } from '@/portal/i18n/get-lang'
import { Alert, Card, PageHeader } from '@/portal/ui'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.checkEmail.title }
}

export default async function CheckEmailPage({ searchParams }: { searchParams: Promise<{ email?: string }> }) {
  const { t } = await getI18n()
  const email = (await searchParams).email?.slice(0, 254)
  return (
    <div className="container page narrow">
      <PageHeader title={t.checkEmail.title} />
      <Card>
        <div className="stack">
          <Alert tone="success">{email ? fmt(t.checkEmail.lead, { email }) : t.checkEmail.leadNoEmail}</Alert>
          <p>{t.checkEmail.body}</p>
          <p className="muted small">{t.checkEmail.spam}</p>
        </div>
      </Card>
    </div>
  )
}
