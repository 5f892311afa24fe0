/**
 * The root keys format 2 rests on: PUMOTIX keeps their private halves offline (pumotix-keys); the
 * server holds only public keys, in the root-keys collection — configured (LICENSE_ROOT_KEYS), uploaded
 * by an administrator, or, outside production only, a development root it makes itself in DATA_DIR so
 * that a fresh clone issues format 2 licenses with no setup. A development root is never trusted when
 * NODE_ENV=production.
 */
import fs from 'node:fs'
import path from 'node:path'
import crypto from 'node:crypto'
import type { RootKey } from '@payload-types'
import type { Payload } from 'payload'

import { isProduction } from '@/config/env'
import { configuredRootKeysText, developmentRootDir } from '@/config/licensing'
import { generateRootKey, readRootKeys, readRootPrivateKey, type RootPublicKey, type RootSigningKey } from '@/licensing'

const CACHE_MS = 10_000
let cached: { roots: RootPublicKey[]; at: number } | null = null

export function forgetRootKeyCache(): void {
  cached = null
}

/** Whether a stored root may vouch for signing keys here (development roots: never in production). */
export const isTrustedRoot = (root: Pick<RootKey, 'source'>) => !(isProduction && root.source === 'development')

/** The roots certificates and revocation lists are checked against. */
export async function trustedRoots(payload: Payload): Promise<RootPublicKey[]> {
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.roots
  const found = await payload.find({ collection: 'root-keys', limit: 0, pagination: false, depth: 0, overrideAccess: true, sort: 'createdAt' })
  const roots = found.docs.filter(isTrustedRoot).map((r) => ({ kid: r.kid, alg: r.alg, publicKey: r.publicKey }))
  cached = { roots, at: Date.now() }
  return roots
}

/** The configured roots, checked (a root that cannot be read stops the start with a clear message). */
function configuredRoots(): RootPublicKey[] {
  const text = configuredRootKeysText()
  if (!text) return []
  try {
    return readRootKeys(text)
  } catch (err) {
    throw new Error(`LICENSE_ROOT_KEYS / LICENSE_ROOT_KEYS_FILE cannot be used: ${(err as Error).message}`)
  }
}

async function storeRoot(payload: Payload, root: RootPublicKey, source: RootKey['source'], note: string): Promise<boolean> {
  const existing = await payload.find({ collection: 'root-keys', where: { kid: { equals: root.kid } }, limit: 1, depth: 0, overrideAccess: true })
  if (existing.docs[0]) return false
  await payload.create({ collection: 'root-keys', overrideAccess: true, data: { kid: root.kid, alg: root.alg, publicKey: root.publicKey, source, note } })
  return true
}

/** Where the development root lives: its encrypted private key and the passphrase that opens it. */
export function developmentRootFiles(folder = developmentRootDir()) {
  return { folder, key: path.join(folder, 'development-root.key'), passphrase: path.join(folder, 'development-root.passphrase') }
}

/** The development root's private key, when this data directory has one (outside production only). */
export function developmentRoot(): RootSigningKey | null {
  if (isProduction) return null
  const files = developmentRootFiles()
  if (!fs.existsSync(files.key) || !fs.existsSync(files.passphrase)) return null
  return readRootPrivateKey(fs.readFileSync(files.key, 'utf8'), fs.readFileSync(files.passphrase, 'utf8').trim())
}

function createDevelopmentRoot(): RootPublicKey {
  const files = developmentRootFiles()
  fs.mkdirSync(files.folder, { recursive: true, mode: 0o700 })
  const passphrase = crypto.randomBytes(24).toString('base64url')
  const pair = generateRootKey('ed25519', passphrase)
  fs.writeFileSync(files.passphrase, passphrase + '\n', { mode: 0o600, flag: 'wx' })
  fs.writeFileSync(files.key, pair.encryptedPrivateKeyPem, { mode: 0o600, flag: 'wx' })
  return { kid: pair.kid, alg: pair.alg, publicKey: pair.publicKeyPem }
}

export type RootSetup = { kind: 'configured' | 'uploaded'; kids: string[] } | { kind: 'development'; kid: string } | { kind: 'none' }

/**
 * On start: store the configured roots; with no root at all outside production, make (or reuse) the
 * development root. Production never makes one: format 2 waits for a configured or uploaded root.
 */
export async function ensureRootKeys(payload: Payload): Promise<RootSetup> {
  for (const root of configuredRoots()) {
    if (await storeRoot(payload, root, 'configured', 'LICENSE_ROOT_KEYS')) payload.logger.info(`license root key ${root.kid} added from LICENSE_ROOT_KEYS`)
  }
  forgetRootKeyCache()
  const stored = (await payload.find({ collection: 'root-keys', limit: 0, pagination: false, depth: 0, overrideAccess: true })).docs
  const real = stored.filter((r) => r.source !== 'development')
  if (real.length) return { kind: real.some((r) => r.source === 'configured') ? 'configured' : 'uploaded', kids: real.map((r) => r.kid) }
  if (isProduction) return { kind: 'none' }
  const files = developmentRootFiles()
  const existing = developmentRoot()
  // A development root stored already whose key files are not here (a copied database): it stays the root,
  // its certificates keep verifying; only certifying a new key with it is not possible here.
  const storedDevelopmentRoot = stored.find((r) => r.source === 'development')
  if (!existing && storedDevelopmentRoot) return { kind: 'development', kid: storedDevelopmentRoot.kid }
  const root = existing ? { kid: existing.kid, alg: existing.alg, publicKey: existing.publicKeyPem } : createDevelopmentRoot()
  if (await storeRoot(payload, root, 'development', 'development root — not for controllers in the field')) {
    payload.logger.info(`made a development license root ${root.kid} in ${path.relative(process.cwd(), files.folder)}: not for controllers in the field`)
  }
  forgetRootKeyCache()
  return { kind: 'development', kid: root.kid }
}

/** One line for the start banner: which roots format 2 licenses are certified by here. */
export async function licenseRootSummary(payload: Payload): Promise<string> {
  const stored = (await payload.find({ collection: 'root-keys', limit: 0, pagination: false, depth: 0, overrideAccess: true })).docs.filter(isTrustedRoot)
  if (stored.length === 0) return 'License roots:    none configured — PMX2 controllers get no licenses until LICENSE_ROOT_KEYS is set (docs/keys.md)'
  const dev = stored.find((r) => r.source === 'development')
  if (dev && stored.length === 1) {
    return `License roots:    development root ${dev.kid} in ${path.relative(process.cwd(), developmentRootFiles().folder) || '.'} — not for controllers in the field`
  }
  return `License roots:    ${stored.map((r) => `${r.kid} (${r.source})`).join(', ')}`
}
