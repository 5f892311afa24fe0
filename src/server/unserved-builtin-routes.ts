/**
 * Payload's built-in routes that this product does not serve, refused with a 404 before Payload sees
 * them. Each is a route Payload registers whatever the configuration and that here can only fail:
 *
 * - the versions routes (`GET /versions`, `GET /versions/:id`, `POST /versions/:id`) of a collection
 *   that keeps no versions: restoring a "version" there fails inside the database adapter with a 500,
 *   before any access rule is asked;
 * - every route of a collection without REST routes (Payload's `payload-migrations`), which Payload
 *   answers 501 "Cannot GET …";
 * - `GET /api/payload-jobs/handle-schedules` when no task has a schedule (this product's scheduled work
 *   is a chain of jobs, src/jobs/backup.ts): Payload answers it with a 500;
 * - `DELETE` of `payload-preferences`: the admin never deletes a preference over REST, and Payload's
 *   delete of a key the caller has no preference for fails in the SQLite adapter with a 500.
 *
 * The route matrix (test/boundary/route-matrix.test.ts) calls every registered route as every role, so
 * a Payload upgrade that adds another such route shows up there.
 */
import type { SanitizedConfig } from 'payload'

/** The 404 message when (`method`, canonical `path` under /api) is a built-in route not served here. */
export function unservedBuiltinRoute(config: SanitizedConfig, method: string, path: string): string | null {
  const match = /^\/api\/([^/]+)(\/[^/]+)?/.exec(path)
  const collection = match && config.collections.find((c) => c.slug === match[1])
  if (!collection) return null
  const sub = match[2] ?? ''
  if (collection.endpoints === false) return 'Not found'
  if (sub === '/versions' && !collection.versions) return `The ${collection.slug} collection keeps no versions.`
  if (collection.slug === 'payload-jobs' && sub === '/handle-schedules' && !hasSchedules(config)) return 'No job here runs on a schedule.'
  if (collection.slug === 'payload-preferences' && method === 'DELETE') return 'Preferences are not deleted over the API.'
  return null
}

function hasSchedules(config: SanitizedConfig): boolean {
  const scheduled = (list: { schedule?: unknown[] }[] | undefined) => (list ?? []).some((t) => (t.schedule?.length ?? 0) > 0)
  return scheduled(config.jobs?.tasks) || scheduled(config.jobs?.workflows)
}
