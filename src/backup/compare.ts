/**
 * A database compared with a backup's manifest: documents per collection, migrations, signing keys.
 * `npm run backup:verify -- ARCHIVE --database` runs it on the configured database, e.g. after a
 * database was restored by other means than `npm run restore` (a managed service's snapshot), or to
 * see what changed since a backup.
 */
import type { Payload } from 'payload'

import type { BackupManifest } from './manifest'

export interface DatabaseComparison {
  counts: { slug: string; manifest: number | null; database: number }[]
  /** In the manifest but not applied to the database, and the other way round. */
  migrations: { missing: string[]; extra: string[] }
  keys: { missing: string[]; extra: string[] }
  same: boolean
}

export async function compareWithDatabase(payload: Payload, manifest: BackupManifest): Promise<DatabaseComparison> {
  const counts: DatabaseComparison['counts'] = []
  for (const c of payload.config.collections) counts.push({ slug: c.slug, manifest: manifest.counts[c.slug] ?? null, database: (await payload.db.count({ collection: c.slug, where: {} })).totalDocs })
  const applied = (await payload.find({ collection: 'payload-migrations', pagination: false, depth: 0, overrideAccess: true })).docs.flatMap((m) => (m.name ? [m.name] : []))
  const kids = (await payload.find({ collection: 'signing-keys', pagination: false, depth: 0, overrideAccess: true })).docs.map((k) => k.kid)
  const minus = (a: string[], b: string[]) => a.filter((x) => !b.includes(x))
  const migrations = { missing: minus(manifest.database.migrations, applied), extra: minus(applied, manifest.database.migrations) }
  const keys = { missing: minus(manifest.signingKeys.kids, kids), extra: minus(kids, manifest.signingKeys.kids) }
  const same = counts.every((c) => c.manifest === c.database) && !migrations.missing.length && !migrations.extra.length && !keys.missing.length && !keys.extra.length
  return { counts, migrations, keys, same }
}
