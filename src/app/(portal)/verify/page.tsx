import type { Metadata } from 'next'
import Link from 'next/link'

import { TokenAction } from '@/portal/forms/TokenAction'
import { getI18n } from '@/portal/i18n/get-lang'
import { Alert, Card, PageHeader } from '@/portal/ui'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.verify.title }
}

/** The link in the verification e-mail: confirms the address and logs the customer in. */
export default async function VerifyPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { t } = await getI18n()
  const token = (await searchParams).token
  return (
    <div className="container page narrow">
      <PageHeader title={t.verify.title} />
      <Card>
        {token ? (
          <TokenAction
            endpoint="/api/users/verify-and-login"
            token={token}
            common={t.common}
            t={{
              working: t.verify.working,
              done: t.verify.done,
              failed: t.verify.failed,
              failedTitle: t.verify.failedTitle,
              goLabel: t.verify.go,
              goHref: '/account',
              failLinkLabel: t.verify.toLogin,
              failLinkHref: '/login',
            }}
          />
        ) : (
          <Alert tone="error" title={t.verify.failedTitle}>
            <p>{t.verify.missing}</p>
            <p>
              <Link href="/login">{t.verify.toLogin}</Link>
            </p>
          </Alert>
        )}
      </Card>
    </div>
  )
}
