/**
 * `npm run backup:verify ARCHIVE`: every check a restore makes on an archive, without restoring it —
 * the manifest, every file's size and SHA-256, the signing keys file against the manifest — plus
 * whether the configured PAYLOAD_SECRET opens its keys and, given the passphrase, whether its escrow
 * opens and holds every key.
 */
import fs from 'node:fs'

import { readArchive } from './archive'
import { BackupError } from '@/db/backup/errors'
import { ESCROW_PATH, SIGNING_KEYS_PATH, type BackupManifest } from './manifest'
import { secretFingerprint } from './secret-fingerprint'
import { decryptStoredKeys, openEscrow, parseSigningKeysFile } from './signing-keys-file'

export interface VerifyInput {
  archive: string
  secret: string | null
  escrowPassphrase: string | null
  escrowFile: string | null
}

export interface VerifyResult {
  manifest: BackupManifest
  checkedBytes: number
  /** Whether the configured secret opens the keys: 'opens', 'other secret', or 'no secret configured'. */
  secret: 'opens' | 'other secret' | 'no secret configured'
  /** Escrow: null when not asked; else the number of keys it opened. */
  escrowKeys: number | null
}

export async function verifyBackup(input: VerifyInput): Promise<VerifyResult> {
  const read = await readArchive(input.archive, { keepText: (p) => p === SIGNING_KEYS_PATH || p === ESCROW_PATH })
  const { manifest } = read
  const stored = parseSigningKeysFile(read.texts.get(SIGNING_KEYS_PATH) ?? '').keys
  if (stored.map((k) => k.kid).join() !== manifest.signingKeys.kids.join()) throw new BackupError('keys/signing-keys.json does not hold the keys the manifest names: the archive was altered.')

  let secret: VerifyResult['secret'] = 'no secret configured'
  if (input.secret) {
    const fingerprint = secretFingerprint(input.secret)
    secret = fingerprint === manifest.signingKeys.encryptedWith.fingerprint ? 'opens' : 'other secret'
    if (secret === 'opens') decryptStoredKeys(stored, input.secret, fingerprint)
  }

  let escrowKeys: number | null = null
  if (input.escrowPassphrase !== null) {
    const fromFile = input.escrowFile !== null
    if (!fromFile && !manifest.signingKeys.escrow) throw new BackupError('The archive has no key escrow (it was made without --escrow); give --escrow-file FILE to check one kept apart.')
    const where = fromFile ? (input.escrowFile ?? '') : `${ESCROW_PATH} in the archive`
    const text = fromFile ? fs.readFileSync(input.escrowFile ?? '', 'utf8') : (read.texts.get(ESCROW_PATH) ?? '')
    const keys = openEscrow(text, input.escrowPassphrase, where)
    const missing = stored.filter((s) => !keys.some((k) => k.kid === s.kid && k.publicKey.trim() === s.publicKey.trim()))
    if (missing.length) throw new BackupError(`The escrow ${where} does not hold signing key(s) ${missing.map((k) => k.kid).join(', ')} of the archive.`)
    escrowKeys = keys.length
  }
  return { manifest, checkedBytes: read.bytes, secret, escrowKeys }
}
