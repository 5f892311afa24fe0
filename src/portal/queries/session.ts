/**
 * The logged-in user of the current request, read once per request (React cache) from the
 * `payload-token` cookie through Payload's own auth strategies. Portal reads go through `user`: with
 * overrideAccess: false, or — on the read-only hot pages — at the adapter level with the same owner
 * condition the collection's access rule applies (see queries/controllers.ts).
 */
import type { User } from '@payload-types'
import config from '@payload-config'
import { headers } from 'next/headers'
import { redirect } from 'next/navigation'
import { executeAuthStrategies, getPayload, type Payload } from 'payload'
import { cache } from 'react'

/** The logged-in portal user: a document of the users collection. */
export type PortalUser = User

export const getPayloadClient = cache(async (): Promise<Payload> => getPayload({ config }))

export const getSession = cache(async (): Promise<{ payload: Payload; user: PortalUser | null }> => {
  const payload = await getPayloadClient()
  try {
    // Payload's auth strategies only (the JWT cookie → the user): `payload.auth()` also computes the
    // permissions of every collection and field (getAccessResults), which the portal never uses and
    // which cost more than the rest of a page's data — options' read access alone lists all of the
    // customer's controllers. The user is the same: payload.auth() runs exactly these strategies.
    const { user } = await executeAuthStrategies({ headers: await headers(), payload, canSetHeaders: false })
    if (user?.collection === 'users') return { payload, user }
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
