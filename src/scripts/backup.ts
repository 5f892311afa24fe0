/**
 * `npm run backup [-- --out FILE] [--escrow [--passphrase-file FILE]]`: a consistent backup of the
 * configured database, signing keys and media into one archive, safe while the server runs
 * (docs/backup.md); --without-database leaves the database out. Default file: BACKUP_DIR (DATA_DIR/backups)/pumotix-backup-<UTC time>.tar.gz.
 * Runs at a lower CPU priority than the server (nice 10).
 */
import fs from 'node:fs'
import path from 'node:path'
import { parseArgs } from 'node:util'

import { createBackup } from '@/backup/create'
import { configuredMediaStore } from '@/backup/media'
import { backupFileName, escrowFileFor } from '@/backup/names'
import { backupReport } from '@/backup/report'
import { BackupError } from '@/db/backup/errors'
import { backupDir, backupToS3, escrowPassphraseSetting, readPassphraseFile } from '@/config/backup'
import { databaseChoice } from '@/config/env'
import { existingPayloadSecret } from '@/config/secrets'
import { lowerPriority, parseOrUsage, runCommand, UsageError } from './backup-cli'

const USAGE = `usage: npm run backup [-- --out FILE] [--escrow [--passphrase-file FILE]] [--without-database]

  --out FILE              the archive to write (default: BACKUP_DIR/pumotix-backup-<UTC time>.tar.gz)
  --escrow                also put the signing keys into the archive encrypted under a separate
                          passphrase (keys/escrow.json) and write that escrow beside the archive
  --passphrase-file FILE  the escrow passphrase (first line); else BACKUP_ESCROW_PASSPHRASE_FILE or
                          BACKUP_ESCROW_PASSPHRASE
  --without-database      leave the database out (keys, media and the manifest with its counts stay
                          in): beside a managed database's own backups, e.g. Atlas snapshots`

runCommand('backup', USAGE, async () => {
  const { values, positionals } = parseOrUsage(() =>
    parseArgs({ allowPositionals: true, options: { out: { type: 'string' }, escrow: { type: 'boolean' }, 'passphrase-file': { type: 'string' }, 'without-database': { type: 'boolean' }, help: { type: 'boolean' } } }),
  )
  if (values.help) return void console.log(USAGE)
  if (positionals.length) throw new UsageError(`unexpected argument ${positionals[0]}`)
  if (values['passphrase-file'] && !values.escrow) throw new UsageError('--passphrase-file is the passphrase of --escrow; give both or neither')

  const secret = existingPayloadSecret()
  if (!secret) throw new BackupError('No PAYLOAD_SECRET is configured (neither the variable nor DATA_DIR/payload-secret): set the one this installation runs with, which encrypts its signing keys.')
  let escrowPassphrase: string | null = null
  if (values.escrow) {
    escrowPassphrase = values['passphrase-file'] ? readPassphraseFile(values['passphrase-file'], '--passphrase-file') : escrowPassphraseSetting()
    if (escrowPassphrase === null) throw new UsageError('--escrow needs a passphrase: give --passphrase-file FILE or set BACKUP_ESCROW_PASSPHRASE_FILE / BACKUP_ESCROW_PASSPHRASE')
  }
  const out = path.resolve(values.out ?? path.join(backupDir(), backupFileName(new Date())))
  const escrowCopy = escrowPassphrase !== null ? escrowFileFor(out) : null
  if (escrowCopy && fs.existsSync(escrowCopy)) throw new BackupError(`${escrowCopy} exists already: choose another --out.`)

  lowerPriority()
  process.env.DISABLE_PAYLOAD_HMR = 'true'
  const { default: configPromise } = await import('@payload-config')
  const config = await configPromise
  const database = databaseChoice()
  // MongoDB: counts, migrations and keys are read through Payload (the dump cannot be read back here).
  const payload = database.kind === 'mongodb' ? await (await import('payload')).getPayload({ config }) : undefined
  try {
    const s3Backups = backupToS3()
    const result = await createBackup({
      out,
      now: new Date(),
      secret,
      escrowPassphrase,
      database,
      collections: config.collections,
      media: configuredMediaStore(s3Backups ? [s3Backups.prefix] : []),
      payload,
      withoutDatabase: values['without-database'] ?? false,
    })
    if (escrowCopy && result.escrowText) fs.writeFileSync(escrowCopy, result.escrowText, { mode: 0o600, flag: 'wx' })
    console.log(backupReport(result, escrowCopy).join('\n'))
  } finally {
    await payload?.destroy()
  }
})
