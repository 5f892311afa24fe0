import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'

import { RegisterForm } from '@/portal/forms/RegisterForm'
import { getSession } from '@/portal/queries/session'
import { getI18n } from '@/portal/i18n/get-lang'
import { Card, PageHeader } from '@/portal/ui'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.register.title }
}

export default async function RegisterPage() {
  if ((await getSession()).user) redirect('/account')
  const { lang, t } = await getI18n()
  return (
    <div className="container page narrow">
      <PageHeader title={t.register.title} lead={t.register.lead} />
      <Card>
        <RegisterForm lang={lang} t={t.register} common={t.common} />
      </Card>
      <p className="page-foot">
        {t.register.haveAccount} <Link href="/login">{t.nav.login}</Link>
      </p>
    </div>
  )
}
