import type { Metadata } from 'next'
import Link from 'next/link'

import { ResetPasswordForm } from '@/portal/forms/ResetPasswordForm'
import { getI18n } from '@/portal/i18n/get-lang'
import { Alert, Card, PageHeader } from '@/portal/ui'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.reset.title }
}

export default async function ResetPasswordPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { t } = await getI18n()
  const token = (await searchParams).token
  return (
    <div className="container page narrow">
      <PageHeader title={t.reset.title} />
      <Card>
        {token ? (
          <ResetPasswordForm token={token} t={t.reset} reg={t.register} common={t.common} />
        ) : (
          <Alert tone="error">
            <p>{t.reset.missing}</p>
            <p>
              <Link href="/forgot-password">{t.reset.askAgain}</Link>
            </p>
          </Alert>
        )}
      </Card>
    </div>
  )
}
