import { redirect } from 'next/navigation'

import { getSession } from '@/portal/queries/session'
import { getI18n } from '@/portal/i18n/get-lang'
import { ButtonLink } from '@/portal/ui'

/** The portal home: what the account offers, with Registration and Login; logged-in users go to their account. */
export default async function HomePage() {
  const { user } = await getSession()
  if (user) redirect('/account')
  const { t } = await getI18n()
  const features = [t.home.f1, t.home.f2, t.home.f3, t.home.f4, t.home.f5, t.home.f6]
  return (
    <div className="container page">
      <section className="hero">
        <h1>{t.home.title}</h1>
        <p>{t.home.lead}</p>
        <div className="row">
          <ButtonLink href="/register">{t.home.ctaRegister}</ButtonLink>
          <ButtonLink href="/login" variant="secondary">
            {t.home.ctaLogin}
          </ButtonLink>
        </div>
        <p className="small muted hero__note">
          {t.home.quick}
        </p>
      </section>
      <section aria-labelledby="features-title">
        <h2 id="features-title">{t.home.features}</h2>
        <ul className="feature-list">
          {features.map((f) => (
            <li key={f}>{f}</li>
          ))}
        </ul>
      </section>
    </div>
  )
}
