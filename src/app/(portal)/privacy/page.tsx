import type { Metadata } from 'next'

import { privacyContent } from '@/portal/content/privacy'
import { getI18n } from '@/portal/i18n/get-lang'
import { PageHeader } from '@/portal/ui'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.privacy.title }
}

export default async function PrivacyPage() {
  const { lang, t } = await getI18n()
  return (
    <div className="container page">
      <PageHeader title={t.privacy.title} />
      <div className="prose">{privacyContent[lang]}</div>
    </div>
  )
}
