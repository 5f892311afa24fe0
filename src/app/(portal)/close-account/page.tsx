import type { Metadata } from 'next'

import { CloseAccountConfirm } from '@/portal/forms/CloseAccountConfirm'
import { getI18n } from '@/portal/i18n/get-lang'
import { Alert, Card, PageHeader } from '@/portal/ui'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.closeAccount.title }
}

/** The link in the "confirm closing your account" e-mail: one more press closes the account (docs/privacy.md). */
export default async function CloseAccountPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { t } = await getI18n()
  const token = (await searchParams).token
  return (
    <div className="container page narrow">
      <PageHeader title={t.closeAccount.title} />
      <Card>{token ? <CloseAccountConfirm token={token} t={t.closeAccount} common={t.common} /> : <Alert tone="error">{t.closeAccount.missing}</Alert>}</Card>
    </div>
  )
}
