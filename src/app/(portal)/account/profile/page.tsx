import type { Metadata } from 'next'

import { formatDateTime } from '@/portal/format'
import { CloseAccount, DataExport, EmailForm, PasswordForm, ProfileDetailsForm } from '@/portal/forms/ProfileForms'
import { isLang } from '@/portal/i18n'
import { getI18n } from '@/portal/i18n/get-lang'
import { requireUser } from '@/portal/queries/session'
import { Card, PageHeader } from '@/portal/ui'

export async function generateMetadata(): Promise<Metadata> {
  return { title: (await getI18n()).t.profile.title }
}

export default async function ProfilePage() {
  const { user } = await requireUser('/account/profile')
  const { t, lang } = await getI18n()
  const texts = { t: t.profile, reg: t.register, common: t.common }
  // A request whose link still works (24 hours): the profile says so.
  const requested = user.closureRequestedAt ? new Date(user.closureRequestedAt).getTime() : NaN
  const pendingSince = Date.now() - requested < 24 * 60 * 60 * 1000 ? formatDateTime(lang, user.closureRequestedAt) : null
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
          <Card title={t.profile.dataTitle} id="profile-data">
            <DataExport t={t.profile} common={t.common} />
          </Card>
          <Card title={t.profile.closeTitle} id="profile-close">
            <CloseAccount t={t.profile} common={t.common} email={user.email} pendingSince={pendingSince} />
          </Card>
        </div>
      </div>
    </>
  )
}
