/** What the backup commands print: one block per result, for people reading a terminal or a job log. */
import type { DatabaseComparison } from './compare'
import type { BackupManifest } from './manifest'
import type { BackupResult } from './create'
import type { RestoreResult } from './restore'
import type { VerifyResult } from './verify'

const mb = (bytes: number) => (bytes < 1e6 ? `${(bytes / 1e3).toFixed(1)} kB` : `${(bytes / 1e6).toFixed(1)} MB`)
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`

function countsLine(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([slug, n]) => `${slug} ${n}`)
    .join(', ')
}

export function manifestLines(m: BackupManifest): string[] {
  return [
    `  made ${m.createdAt} by ${m.product.name} ${m.product.version}, backup format ${m.formatVersion}`,
    `  database: ${m.database.kind === 'sqlite' ? 'SQLite' : `MongoDB (${m.database.name})`}${m.database.file ? '' : ' — not in the archive (--without-database)'}, ${m.database.migrations.length} migration(s)${m.database.migrations.length ? `, last ${m.database.migrations[m.database.migrations.length - 1]}` : ''}`,
    `  counts${m.database.countsExact ? '' : ' (read beside the dump, not from it)'}: ${countsLine(m.counts)}`,
    `  signing keys: ${m.signingKeys.kids.join(', ') || 'none'}; encrypted with the PAYLOAD_SECRET of fingerprint ${m.signingKeys.encryptedWith.fingerprint}${m.signingKeys.escrow ? `; escrow in ${m.signingKeys.escrow}` : ''}`,
    `  media: ${m.media.files} file(s), from ${m.media.from === 'disk' ? 'DATA_DIR/media' : 'the S3 bucket'}`,
  ]
}

export function backupReport(r: BackupResult, escrowCopy: string | null): string[] {
  return [
    `Backup written: ${r.file}`,
    `  ${mb(r.bytes)}, SHA-256 ${r.sha256}`,
    `  took ${seconds(r.durationMs)} (database snapshot ${seconds(r.snapshotMs)})`,
    ...manifestLines(r.manifest),
    ...(escrowCopy ? [`  escrow copy for safe keeping offline: ${escrowCopy}`] : []),
  ]
}

export function verifyReport(file: string, r: VerifyResult): string[] {
  const secret = {
    opens: 'the configured PAYLOAD_SECRET opens the signing keys',
    'other secret': `the configured PAYLOAD_SECRET is another secret: a restore here needs PAYLOAD_SECRET of fingerprint ${r.manifest.signingKeys.encryptedWith.fingerprint} or the escrow passphrase`,
    'no secret configured': `no PAYLOAD_SECRET is configured here: a restore needs the one of fingerprint ${r.manifest.signingKeys.encryptedWith.fingerprint} or the escrow passphrase`,
  }[r.secret]
  return [
    `Archive OK: ${file}`,
    `  ${r.manifest.files.length + 1} entries checked (${mb(r.checkedBytes)}), every size and SHA-256 as the manifest states`,
    ...manifestLines(r.manifest),
    `  ${secret}`,
    ...(r.escrowKeys !== null ? [`  the escrow passphrase opens the escrow: ${r.escrowKeys} key(s)`] : []),
  ]
}

export function restoreReport(file: string, r: RestoreResult): string[] {
  return [
    `Restored ${file} into ${r.target}`,
    ...manifestLines(r.manifest),
    `  checked ${r.checkedFiles} file(s) (${mb(r.checkedBytes)}) against their SHA-256`,
    ...r.movedAside.map((p) => `  moved aside (not deleted): ${p}`),
    `  migrations run forward: ${r.migratedForward.length ? r.migratedForward.join(', ') : 'none (the archive was up to date)'}`,
    `  signing keys: ${r.keys.map((k) => `${k.kid} (${k.status})`).join(', ')}${r.reencrypted ? ' — re-encrypted from the escrow for the configured PAYLOAD_SECRET' : ''}; all open with the configured PAYLOAD_SECRET`,
    `  media: ${r.media} file(s)`,
    `  counts now: ${r.counts.map((c) => `${c.slug} ${c.restored}`).join(', ')}`,
    ...(r.differences.length
      ? [`  differing from the manifest: ${r.differences.map((c) => `${c.slug} ${c.restored} (manifest ${c.manifest})`).join(', ')}`]
      : ['  every count matches the manifest']),
  ]
}

export function comparisonReport(c: DatabaseComparison): string[] {
  const differing = c.counts.filter((x) => x.manifest !== x.database)
  return [
    c.same ? 'The configured database matches the manifest: counts, migrations and signing keys.' : 'The configured database differs from the manifest:',
    ...differing.map((x) => `  ${x.slug}: ${x.database} in the database, ${x.manifest ?? 'none'} in the manifest`),
    ...(c.migrations.missing.length ? [`  migrations in the manifest but not applied: ${c.migrations.missing.join(', ')}`] : []),
    ...(c.migrations.extra.length ? [`  migrations applied since: ${c.migrations.extra.join(', ')}`] : []),
    ...(c.keys.missing.length ? [`  signing keys missing from the database: ${c.keys.missing.join(', ')}`] : []),
    ...(c.keys.extra.length ? [`  signing keys not in the backup: ${c.keys.extra.join(', ')}`] : []),
  ]
}
