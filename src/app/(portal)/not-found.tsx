import { getI18n } from '@/portal/i18n/get-lang'
import { ButtonLink } from '@/portal/ui'

export default async function NotFound() {
  const { t } = await getI18n()
  return (
    <div className="container page narrow stack">
      <h1>{t.errors.notFoundTitle}</h1>
      <p>{t.errors.notFound}</p>
      <ButtonLink href="/">{t.errors.toHome}</ButtonLink>
    </div>
  )
}
