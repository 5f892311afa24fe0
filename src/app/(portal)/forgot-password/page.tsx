import type { Metadata } from 'next'
import Link from 'next/link'

import { ForgotPasswordForm } from '@/portal/forms/ForgotPasswordForm'
import { getI18n } from '@/portal/i18n/get-lang'
import { Card, PageHeader } from '@/portal/ui'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.forgot.title }
}

export default async function ForgotPasswordPage() {
  const { t } = await getI18n()
  return (
    <div className="container page narrow">
      <PageHeader title={t.forgot.title} lead={t.forgot.lead} />
      <div className="stack">
        <Card>
          <ForgotPasswordForm t={t.forgot} common={t.common} />
        </Card>
        <p>
          <Link href="/login">{t.forgot.backToLogin}</Link>
        </p>
      </div>
    </div>
  )
}
