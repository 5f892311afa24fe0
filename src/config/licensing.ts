/** Settings of licensing and payments. */
import fs from 'node:fs'
import path from 'node:path'

import { ConfigError, dataDir, numberSetting } from './env'

/** LICENSE_SIGNING_KEY (a PEM) or LICENSE_SIGNING_KEY_FILE (a path to one); null when neither is set. */
export function configuredSigningKeyPem(): string | null {
  const inline = process.env.LICENSE_SIGNING_KEY?.trim()
  if (inline) return inline
  const file = process.env.LICENSE_SIGNING_KEY_FILE?.trim()
  if (!file) return null
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    throw new ConfigError(`LICENSE_SIGNING_KEY_FILE names ${file}, which cannot be read.`)
  }
}

/** LICENSE_ALG: the algorithm of a generated signing key. */
export function generatedKeyAlg(): 'ed25519' | 'rsa-pss-sha256' {
  const alg = process.env.LICENSE_ALG?.trim() || 'ed25519'
  if (alg !== 'ed25519' && alg !== 'rsa-pss-sha256') throw new ConfigError(`LICENSE_ALG must be ed25519 or rsa-pss-sha256; got "${alg}".`)
  return alg
}

/** REQUEST_CODE_MAX_AGE_DAYS: older request codes are refused. */
export const requestCodeMaxAgeDays = () => numberSetting('REQUEST_CODE_MAX_AGE_DAYS', 30)

/** PAYMENT_WEBHOOK_SECRET: the HMAC secret of the payment webhook; null: the webhook answers 401. */
export const paymentWebhookSecret = () => process.env.PAYMENT_WEBHOOK_SECRET?.trim() || null

/**
 * LICENSE_ROOT_KEYS (SPKI PEM blocks, or the JSON of GET /api/license-keys) or LICENSE_ROOT_KEYS_FILE
 * (a path to such a file): the root public keys PUMOTIX keeps offline; null when neither is set.
 */
export function configuredRootKeysText(): string | null {
  const inline = process.env.LICENSE_ROOT_KEYS?.trim()
  if (inline) return inline
  const file = process.env.LICENSE_ROOT_KEYS_FILE?.trim()
  if (!file) return null
  try {
    return fs.readFileSync(file, 'utf8')
  } catch {
    throw new ConfigError(`LICENSE_ROOT_KEYS_FILE names ${file}, which cannot be read.`)
  }
}

/** Where a development root (made outside production only) keeps its encrypted key and its passphrase. */
export const developmentRootDir = () => path.join(dataDir(), 'license-root')
