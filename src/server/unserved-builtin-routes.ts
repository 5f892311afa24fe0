/**
 * Payload's built-in routes that this product does not serve, refused before Payload sees them.
 *
 * Payload registers its versions routes (`GET /versions`, `GET /versions/:id`, `POST /versions/:id`) on
 * every collection, whether or not the collection keeps versions; on one that keeps none, restoring a
 * "version" fails inside the database adapter and answers 500 — before any access rule is asked. The
 * route matrix (test/boundary/route-matrix.test.ts) calls every registered route, so a Payload upgrade
 * that adds another such route shows up there. A collection with no REST routes at all (Payload's
 * `payload-migrations`) answers 501 "Cannot GET …" from Payload: here it is the 404 it is.
 */
import type { SanitizedConfig } from 'payload'

/** A 404 message when `path` (canonical, under /api) is a built-in route the collection cannot serve. */
export function unservedBuiltinRoute(config: SanitizedConfig, path: string): string | null {
  const match = /^\/api\/([^/]+)(\/versions(\/|$))?/.exec(path)
  const collection = match && config.collections.find((c) => c.slug === match[1])
  if (!collection) return null
  if (collection.endpoints === false) return 'Not found'
  if (match[2] && !collection.versions) return `The ${collection.slug} collection keeps no versions.`
  return null
}
