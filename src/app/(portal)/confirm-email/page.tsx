import type { Metadata } from 'next'

import { TokenAction } from '@/portal/forms/TokenAction'
import { getI18n } from '@/portal/i18n/get-lang'
import { Alert, Card, PageHeader } from '@/portal/ui'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.confirmEmail.title }
}

/** The link in the e-mail-change message: swaps the account's address to the confirmed one. */
export default async function ConfirmEmailPage({ searchParams }: { searchParams: Promise<{ token?: string }> }) {
  const { t } = await getI18n()
  const token = (await searchParams).token
  return (
    <div className="container page narrow">
      <PageHeader title={t.confirmEmail.title} />
      <Card>
        {token ? (
          <TokenAction
            endpoint="/api/users/confirm-email"
            token={token}
            common={t.common}
            t={{
              working: t.confirmEmail.working,
              done: t.confirmEmail.done,
              failed: t.confirmEmail.failed,
              goLabel: t.confirmEmail.toProfile,
              goHref: '/account/profile',
              failLinkLabel: t.confirmEmail.toProfile,
              failLinkHref: '/account/profile',
            }}
          />
        ) : (
          <Alert tone="error">{t.confirmEmail.missing}</Alert>
        )}
      </Card>
    </div>
  )
}
