/**
 * `npm run backup:verify ARCHIVE [-- --escrow-passphrase-file FILE [--escrow-file FILE]]`: checks an
 * archive as a restore would, without restoring it (docs/backup.md). Exit 0: intact; 1: refused.
 */
import { parseArgs } from 'node:util'

import { verifyBackup } from '@/backup/verify'
import { verifyReport } from '@/backup/report'
import { readPassphraseFile } from '@/config/backup'
import { existingPayloadSecret } from '@/config/secrets'
import { parseOrUsage, runCommand, UsageError } from './backup-cli'

const USAGE = `usage: npm run backup:verify ARCHIVE [-- --escrow-passphrase-file FILE [--escrow-file FILE]]

  ARCHIVE                        a backup archive (pumotix-backup-….tar.gz)
  --escrow-passphrase-file FILE  also check that this passphrase (first line) opens the key escrow
  --escrow-file FILE             the escrow to check, when it is kept apart from the archive`

runCommand('backup:verify', USAGE, async () => {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({ allowPositionals: true, options: { 'escrow-passphrase-file': { type: 'string' }, 'escrow-file': { type: 'string' }, help: { type: 'boolean' } } }),
  )
  if (values.help) return void console.log(USAGE)
  if (positionals.length !== 1) throw new UsageError(positionals.length ? `one archive at a time; got ${positionals.length}` : 'which archive? give its path')
  if (values['escrow-file'] && !values['escrow-passphrase-file']) throw new UsageError('--escrow-file needs --escrow-passphrase-file')
  const escrowPassphrase = values['escrow-passphrase-file'] ? readPassphraseFile(values['escrow-passphrase-file'], '--escrow-passphrase-file') : null
  const result = await verifyBackup({ archive: positionals[0], secret: existingPayloadSecret(), escrowPassphrase, escrowFile: values['escrow-file'] ?? null })
  console.log(verifyReport(positionals[0], result).join('\n'))
})
