import type { Metadata } from 'next'

import { EmailForm, PasswordForm, ProfileDetailsForm } from '@/portal/forms/ProfileForms'
import { isLang } from '@/portal/i18n'
import { getI18n } from '@/portal/i18n/get-lang'
import { requireUser } from '@/portal/queries/session'
import { Card, PageHeader } from '@/portal/ui'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.profile.title }
}

export default async function ProfilePage() {
  const { user } = await requireUser('/account/profile')
  const { t } = await getI18n()
  const texts = { t: t.profile, reg: t.register, common: t.common }
  return (
    <>
      <PageHeader title={t.profile.title} />
      <div className="grid grid--wide">
        <Card title={t.profile.details} id="profile-details">
          <ProfileDetailsForm
            {...texts}
            user={{ id: user.id, name: user.name, phone: user.phone, language: isLang(user.language) ? user.language : 'en', newsSubscribed: Boolean(user.newsSubscribed) }}
          />
        </Card>
        <div className="stack-lg">
          <Card title={t.profile.emailTitle} id="profile-email">
            <EmailForm {...texts} email={user.email} pendingEmail={user.pendingEmail} />
          </Card>
          <Card title={t.profile.passwordTitle} id="profile-password">
            <PasswordForm {...texts} />
          </Card>
        </div>
      </div>
    </>
  )
}
