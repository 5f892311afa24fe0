/**
 * Secrets the server cannot run without. On a first start with no configuration they are generated
 * into ./data (mode 0600) so a fresh clone runs; in production a missing PAYLOAD_SECRET is an error.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

import { ConfigError, dataDir, isProduction } from './env'

function readOrCreateSecretFile(name: string, describe: string): string {
  const dir = dataDir()
  const file = path.join(dir, name)
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim()
  fs.mkdirSync(dir, { recursive: true })
  const value = crypto.randomBytes(32).toString('hex')
  fs.writeFileSync(file, value + '\n', { mode: 0o600, flag: 'wx' })
  console.info(`[pumotix] generated ${describe} into ${path.relative(process.cwd(), file)} (mode 0600)`)
  return value
}

let cached: string | undefined

/** Where a generated PAYLOAD_SECRET is kept (local runs without PAYLOAD_SECRET). */
export const payloadSecretFile = () => path.join(dataDir(), 'payload-secret')

/**
 * The PAYLOAD_SECRET this installation already has (the variable, else DATA_DIR/payload-secret),
 * without generating one; null when there is none. For tools that must not invent a secret (restore).
 */
export function existingPayloadSecret(): string | null {
  const fromEnv = process.env.PAYLOAD_SECRET?.trim()
  if (fromEnv) return payloadSecret()
  const file = payloadSecretFile()
  if (isProduction || !fs.existsSync(file)) return null
  return fs.readFileSync(file, 'utf8').trim() || null
}

export function payloadSecret(): string {
  if (cached) return cached
  const fromEnv = process.env.PAYLOAD_SECRET?.trim()
  if (fromEnv) {
    if (fromEnv.length < 32) throw new ConfigError('PAYLOAD_SECRET must be at least 32 characters long.')
    return (cached = fromEnv)
  }
  if (isProduction) {
    throw new ConfigError(
      'PAYLOAD_SECRET is not set. In production set it to a long random string (openssl rand -hex 32); it signs sessions and encrypts the license signing keys.',
    )
  }
  return (cached = readOrCreateSecretFile('payload-secret', 'PAYLOAD_SECRET'))
}
