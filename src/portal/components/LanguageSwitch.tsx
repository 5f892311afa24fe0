import { setLanguage } from '../actions/language'
import { LANG_LABELS, LANGS, type Lang } from '../i18n'

/** English / Русский: a form posting to a server action, so it needs no client script. */
export function LanguageSwitch({ lang, label }: { lang: Lang; label: string }) {
  return (
    <form action={setLanguage} className="lang-switch" aria-label={label}>
      {LANGS.map((l) => (
        <button key={l} type="submit" name="lang" value={l} lang={l} aria-current={l === lang ? 'true' : undefined}>
          {LANG_LABELS[l]}
        </button>
      ))}
    </form>
  )
}
