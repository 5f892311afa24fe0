'use server'
/**
 * The language switch (a plain form, so it works before any script loads): remembers the choice in
 * the `lang` cookie and, for a logged-in user, in their profile (through access control as that user).
 */
import { cookies } from 'next/headers'
import { revalidatePath } from 'next/cache'

import { getSession } from '../queries/session'
import { isLang, LANG_COOKIE } from '../i18n'

export async function setLanguage(formData: FormData): Promise<void> {
  const lang = formData.get('lang')
  if (!isLang(lang)) return
  const jar = await cookies()
  jar.set(LANG_COOKIE, lang, { path: '/', maxAge: 365 * 24 * 60 * 60, sameSite: 'lax', httpOnly: false })
  const { payload, user } = await getSession()
  if (user && user.language !== lang) {
    try {
      await payload.update({ collection: 'users', id: user.id, data: { language: lang }, user, overrideAccess: false })
    } catch (err) {
      payload.logger.warn({ err }, 'portal: could not save the language to the profile')
    }
  }
  revalidatePath('/', 'layout')
}
