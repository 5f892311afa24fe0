/**
 * `npm run restore -- ARCHIVE [--force] [--escrow-passphrase-file FILE [--escrow-file FILE]]`:
 * restores a backup into the configured DATA_DIR / DATABASE_URI (docs/backup.md, "Restore"). Stop
 * the server first. Exit 0: restored and every count as the manifest states; 1: refused or a count
 * differs.
 */
import { parseArgs } from 'node:util'

import { BackupError } from '@/db/backup/errors'
import { configuredMediaStore } from '@/backup/media'
import { restoreReport } from '@/backup/report'
import { restoreBackup } from '@/backup/restore'
import { backupToS3, readPassphraseFile } from '@/config/backup'
import { databaseChoice } from '@/config/env'
import { existingPayloadSecret } from '@/config/secrets'
import { parseOrUsage, runCommand, UsageError } from './backup-cli'

const USAGE = `usage: npm run restore -- ARCHIVE [--force] [--escrow-passphrase-file FILE [--escrow-file FILE]]

  ARCHIVE                        a backup archive (pumotix-backup-….tar.gz)
  --force                        replace a database or media folder that holds data (an SQLite file
                                 and the media folder are moved aside, not deleted)
  --escrow-passphrase-file FILE  restore with a PAYLOAD_SECRET other than the archive's: the keys are
                                 taken from the key escrow with this passphrase and re-encrypted
  --escrow-file FILE             the escrow, when it is kept apart from the archive`

runCommand('restore', USAGE, async () => {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({ allowPositionals: true, options: { force: { type: 'boolean' }, 'escrow-passphrase-file': { type: 'string' }, 'escrow-file': { type: 'string' }, help: { type: 'boolean' } } }),
  )
  if (values.help) return void console.log(USAGE)
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `one archive at a time; got ${positionals.length}` : 'which archive? give its path')
  if (values['escrow-file'] && !values['escrow-passphrase-file']) throw new UsageError('--escrow-file needs --escrow-passphrase-file')
  const escrowPassphrase = values['escrow-passphrase-file'] ? readPassphraseFile(values['escrow-passphrase-file'], '--escrow-passphrase-file') : null
  process.env.DISABLE_PAYLOAD_HMR = 'true'
  const s3Backups = backupToS3()
  const result = await restoreBackup({
    archive: positionals[0],
    force: values.force ?? false,
    escrowPassphrase,
    escrowFile: values['escrow-file'] ?? null,
    database: databaseChoice(),
    media: configuredMediaStore(s3Backups ? [s3Backups.prefix] : []),
    secret: existingPayloadSecret(),
    log: (line) => console.error(`restore: ${line}`),
  })
  console.log(restoreReport(positionals[0], result).join('\n'))
  if (result.differences.length && result.manifest.database.countsExact) {
    throw new BackupError('The restored database does not hold the counts the manifest states (see above): check it before serving from it.')
  }
})
