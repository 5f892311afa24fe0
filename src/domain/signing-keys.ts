/**
 * The server's signing keys: the active one signs, every one is published. Private keys are kept
 * encrypted in the signing-keys collection and decrypted only in memory, once per key.
 */
import type { Payload, PayloadRequest } from 'payload'

import { configuredSigningKeyPem, generatedKeyAlg } from '@/config/licensing'
import { payloadSecret } from '@/config/secrets'
import { recordAudit } from './audit'
import {
  decryptPrivateKey,
  encryptPrivateKey,
  generateSigningKey,
  kidForPublicKey,
  type LicenseAlg,
  type LicenseSigningKey,
  type PublicKeyInfo,
} from '@/licensing'
import { createPrivateKey, createPublicKey } from 'node:crypto'

/*
 * Each process keeps the active key and the published list for a few seconds. A rotation clears the
 * rotating process's copy at once; other processes and instances (WEB_CONCURRENCY, several app
 * instances) pick the new key up within KEY_CACHE_MS. Licenses signed meanwhile with the retired key
 * stay valid: every key ever used stays published.
 */
const KEY_CACHE_MS = 10_000
const cache = new Map<string, { key: LicenseSigningKey; at: number }>()
let published: { keys: PublicKeyInfo[]; at: number } | null = null

export function forgetSigningKeyCache(): void {
  cache.clear()
  published = null
}

async function storeKey(payload: Payload, key: { kid: string; alg: LicenseAlg; publicKeyPem: string; privateKeyPem: string }, req?: PayloadRequest) {
  return payload.create({
    collection: 'signing-keys',
    overrideAccess: true,
    req,
    data: {
      kid: key.kid,
      alg: key.alg,
      status: 'active',
      publicKey: key.publicKeyPem,
      privateKeyEncrypted: encryptPrivateKey(key.privateKeyPem, payloadSecret()),
    },
  })
}

/** A key given by the operator: LICENSE_SIGNING_KEY (PEM) or LICENSE_SIGNING_KEY_FILE (path to a PEM). */
function configuredKey(): { kid: string; alg: LicenseAlg; publicKeyPem: string; privateKeyPem: string } | null {
  const pem = configuredSigningKeyPem()
  if (!pem) return null
  let privateKey
  try {
    privateKey = createPrivateKey(pem)
  } catch {
    throw new Error('LICENSE_SIGNING_KEY / LICENSE_SIGNING_KEY_FILE does not hold a readable PEM private key.')
  }
  const alg: LicenseAlg = privateKey.asymmetricKeyType === 'ed25519' ? 'ed25519' : 'rsa-pss-sha256'
  const publicKeyPem = createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString()
  return { kid: kidForPublicKey(alg, publicKeyPem), alg, publicKeyPem, privateKeyPem: pem }
}

/** On start: make sure one key is active — the configured one, or a new one generated on first start. */
export async function ensureSigningKey(payload: Payload): Promise<void> {
  const configured = configuredKey()
  if (configured) {
    const existing = await payload.find({ collection: 'signing-keys', where: { kid: { equals: configured.kid } }, limit: 1, overrideAccess: true })
    if (!existing.docs[0]) {
      await retireActiveKeys(payload)
      await storeKey(payload, configured)
      payload.logger.info(`license signing key ${configured.kid} imported from the environment and made active`)
    }
    return
  }
  const active = await payload.count({ collection: 'signing-keys', where: { status: { equals: 'active' } }, overrideAccess: true })
  if (active.totalDocs > 0) return
  const alg = generatedKeyAlg()
  const key = generateSigningKey(alg)
  await storeKey(payload, key)
  payload.logger.info(`generated license signing key ${key.kid} (${alg}), stored encrypted with PAYLOAD_SECRET`)
}

async function retireActiveKeys(payload: Payload, req?: PayloadRequest) {
  await payload.update({
    collection: 'signing-keys',
    where: { status: { equals: 'active' } },
    data: { status: 'retired', retiredAt: new Date().toISOString() },
    overrideAccess: true,
    req,
  })
}

/** Rotation: a new active key; the old one is retired and stays published. */
export async function rotateSigningKey(payload: Payload, alg: LicenseAlg = 'ed25519', req?: PayloadRequest) {
  const key = generateSigningKey(alg)
  const before = await payload.find({ collection: 'signing-keys', where: { status: { equals: 'active' } }, limit: 0, pagination: false, depth: 0, overrideAccess: true, req })
  await retireActiveKeys(payload, req)
  const doc = await storeKey(payload, key, req)
  forgetSigningKeyCache()
  const retired = before.docs.map((d) => d.kid)
  await recordAudit(payload, { action: 'signing_key.rotated', subject: { collection: 'signing-keys', id: doc.id }, summary: `Signing key ${key.kid} (${alg}) now signs licenses; retired ${retired.join(', ') || 'none'}`, before: { active: retired }, after: { active: key.kid, alg } }, req)
  return doc
}

export async function activeSigningKey(payload: Payload): Promise<LicenseSigningKey> {
  const hit = cache.get('active')
  if (hit && Date.now() - hit.at < KEY_CACHE_MS) return hit.key
  const found = await payload.find({
    collection: 'signing-keys',
    where: { status: { equals: 'active' } },
    sort: '-createdAt',
    limit: 1,
    overrideAccess: true,
    showHiddenFields: true,
  })
  const doc = found.docs[0]
  if (!doc?.privateKeyEncrypted) throw new Error('No active license signing key: restart the server or rotate keys in the admin.')
  const key = { kid: doc.kid, alg: doc.alg, privateKeyPem: decryptPrivateKey(doc.privateKeyEncrypted, payloadSecret()) }
  cache.set('active', { key, at: Date.now() })
  return key
}

export async function publishedKeys(payload: Payload): Promise<PublicKeyInfo[]> {
  if (published && Date.now() - published.at < KEY_CACHE_MS) return published.keys
  const found = await payload.find({ collection: 'signing-keys', sort: 'createdAt', limit: 0, pagination: false, overrideAccess: true })
  const keys = found.docs.map((d) => ({ kid: d.kid, alg: d.alg, status: d.status, createdAt: d.createdAt, publicKey: d.publicKey }))
  published = { keys, at: Date.now() }
  return keys
}
