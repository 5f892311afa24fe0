/**
 * The logged-in user of the current request, read once per request (React cache) from the
 * `payload-token` cookie through Payload's own auth. Every portal read goes through `user` with
 * overrideAccess: false, so the collections' access rules decide what a customer sees.
 */
import config from '@payload-config'
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { getPayload, type Payload } from 'payload'
import { cache } from 'react'

export interface PortalUser {
  id: string | number
  email: string
  name: string
  phone: string
  language: 'en' | 'ru'
  newsSubscribed?: boolean | null
  pendingEmail?: string | null
  roles?: string[]
  collection?: string
  [key: string]: unknown
}

export const getPayloadClient = cache(async (): Promise<Payload> => getPayload({ config }))

export const getSession = cache(async (): Promise<{ payload: Payload; user: PortalUser | null }> => {
  const payload = await getPayloadClient()
  try {
    const { user } = await payload.auth({ headers: await headers() })
    if (user && (user as { collection?: string }).collection === 'users') return { payload, user: user as unknown as PortalUser }
  } catch (err) {
    payload.logger.warn({ err }, 'portal: could not read the session')
  }
  return { payload, user: null }
})

/** Pages behind the login: the session, or a redirect to /login that comes back here afterwards. */
export async function requireUser(returnTo: string): Promise<{ payload: Payload; user: PortalUser }> {
  const session = await getSession()
  if (!session.user) redirect(`/login?next=${encodeURIComponent(returnTo)}`)
  return { payload: session.payload, user: session.user }
}
