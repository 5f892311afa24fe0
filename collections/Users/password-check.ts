/**
 * Is this the user's password? Answered by the very function Payload's login uses to compare a
 * password with the stored hash and salt (`authenticateLocalStrategy`, in
 * payload/dist/auth/strategies/local/authenticate.js). Payload does not export it through its package
 * entry points, so it is loaded from that file next to Payload's own entry; the boundary test
 * test/boundary/payload-auth-assumptions.test.ts fails when an upgrade moves or changes it.
 * No session is opened and no login counter is touched: the callers throttle wrong answers themselves.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Payload } from 'payload'

/** Where Payload keeps the local strategy's comparison, relative to its package entry (dist/index.js). */
export const PAYLOAD_AUTHENTICATE_MODULE = 'auth/strategies/local/authenticate.js'

type Authenticate = (args: { doc: Record<string, unknown>; password: string }) => Promise<unknown>

let loaded: Promise<Authenticate> | undefined

/** Payload's `authenticateLocalStrategy`, loaded once. */
export function payloadAuthenticate(): Promise<Authenticate> {
  loaded ??= (async () => {
    const entry = createRequire(import.meta.url).resolve('payload')
    const file = pathToFileURL(path.join(path.dirname(entry), PAYLOAD_AUTHENTICATE_MODULE)).href
    const mod = (await import(/* webpackIgnore: true */ /* turbopackIgnore: true */ file)) as { authenticateLocalStrategy?: unknown }
    if (typeof mod.authenticateLocalStrategy !== 'function') throw new Error(`payload's ${PAYLOAD_AUTHENTICATE_MODULE} no longer exports authenticateLocalStrategy`)
    return mod.authenticateLocalStrategy as Authenticate
  })()
  return loaded
}

/** True when `password` is the stored password of user `id` (false for a missing user or a non-string). */
export async function passwordMatches(payload: Payload, id: string | number, password: unknown): Promise<boolean> {
  if (typeof password !== 'string' || password === '' || password.length > 1024) return false
  // The raw row: hash and salt are hidden fields, which Payload's reads leave out.
  const doc = (await payload.db.findOne({ collection: 'users', where: { id: { equals: id } } })) as Record<string, unknown> | null
  if (!doc) return false
  const authenticate = await payloadAuthenticate()
  return Boolean(await authenticate({ doc, password }))
}
