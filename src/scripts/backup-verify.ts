/**
 * `npm run backup:verify ARCHIVE [-- --escrow-passphrase-file FILE [--escrow-file FILE]] [--database]`:
 * checks an archive as a restore would, without restoring it (docs/backup.md); with --database, also
 * compares the configured database with its manifest. Exit 0: intact (and the same); 1: refused or
 * different.
 */
import { parseArgs } from 'node:util'

import { compareWithDatabase } from '@/backup/compare'
import { BackupError } from '@/db/backup/errors'
import { verifyBackup } from '@/backup/verify'
import { comparisonReport, verifyReport } from '@/backup/report'
import { readPassphraseFile } from '@/config/backup'
import { existingPayloadSecret } from '@/config/secrets'
import { parseOrUsage, runCommand, UsageError } from './backup-cli'

const USAGE = `usage: npm run backup:verify ARCHIVE [-- --escrow-passphrase-file FILE [--escrow-file FILE]]

  ARCHIVE                        a backup archive (pumotix-backup-….tar.gz)
  --escrow-passphrase-file FILE  also check that this passphrase (first line) opens the key escrow
  --escrow-file FILE             the escrow to check, when it is kept apart from the archive
  --database                     also compare the configured database (DATA_DIR / DATABASE_URI) with
                                 the manifest: counts, migrations, signing keys (starts Payload on it)`

runCommand('backup:verify', USAGE, async () => {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({ allowPositionals: true, options: { 'escrow-passphrase-file': { type: 'string' }, 'escrow-file': { type: 'string' }, database: { type: 'boolean' }, help: { type: 'boolean' } } }),
  )
  if (values.help) return void console.log(USAGE)
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `one archive at a time; got ${positionals.length}` : 'which archive? give its path')
  if (values['escrow-file'] && !values['escrow-passphrase-file']) throw new UsageError('--escrow-file needs --escrow-passphrase-file')
  const escrowPassphrase = values['escrow-passphrase-file'] ? readPassphraseFile(values['escrow-passphrase-file'], '--escrow-passphrase-file') : null
  const result = await verifyBackup({ archive: positionals[0], secret: existingPayloadSecret(), escrowPassphrase, escrowFile: values['escrow-file'] ?? null })
  console.log(verifyReport(positionals[0], result).join('\n'))
  if (!values.database) return
  process.env.DISABLE_PAYLOAD_HMR = 'true'
  const { default: config } = await import('@payload-config')
  const payload = await (await import('payload')).getPayload({ config })
  try {
    const comparison = await compareWithDatabase(payload, result.manifest)
    console.log(comparisonReport(comparison).join('\n'))
    if (!comparison.same) throw new BackupError('The configured database does not hold what the backup does (see above).')
  } finally {
    await payload.destroy()
  }
})
