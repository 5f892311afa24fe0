/**
 * The language of the current request for server components: the `lang` cookie (set by the
 * language switch), then the logged-in user's saved language, then English.
 */
import { cookies } from 'next/headers'

import { getSession } from '../queries/session'
import { dict, isLang, LANG_COOKIE, type Dict, type Lang } from './index'

export async function getLang(): Promise<Lang> {
  const fromCookie = (await cookies()).get(LANG_COOKIE)?.value
  if (isLang(fromCookie)) return fromCookie
  const { user } = await getSession()
  if (user && isLang(user.language)) return user.language
  return 'en'
}

/** The language and its dictionary in one call. */
export async function getI18n(): Promise<{ lang: Lang; t: Dict }> {
  const lang = await getLang()
  return { lang, t: dict(lang) }
}
