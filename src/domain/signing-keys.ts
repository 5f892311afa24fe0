/**
 * The server's signing keys. One is active and signs every license; format 2 licenses also carry its
 * certificate from a PUMOTIX root. Rotation takes two steps: Rotate makes a pending key and offers its
 * certification request; once a certificate for it from a trusted root is uploaded, it becomes the
 * active key and the previous one is retired (still published, so its licenses keep verifying).
 * Private keys are kept encrypted in the signing-keys collection and decrypted only in memory.
 */
import { createPrivateKey, createPublicKey } from 'node:crypto'
import type { SigningKey } from '@payload-types'
import type { Payload, PayloadRequest } from 'payload'

import { isProduction } from '@/config/env'
import { configuredSigningKeyPem, generatedKeyAlg } from '@/config/licensing'
import { payloadSecret } from '@/config/secrets'
import {
  certificateKeyProblem,
  certifySigningKey,
  decryptPrivateKey,
  encryptPrivateKey,
  formatCertificationRequestFile,
  generateSigningKey,
  kidForPublicKey,
  makeCertificationRequest,
  verifyCertificate,
  type LicenseAlg,
  type LicenseSigningKey,
  type PublicKeyInfo,
} from '@/licensing'
import { recordAudit } from './audit'
import type { Id } from './documents'
import { badRequest, conflict, notFound, unprocessable } from './errors'
import { developmentRoot, trustedRoots } from './license-roots'

/*
 * Each process keeps the active key for a few seconds. A change clears the changing process's copy at
 * once; other processes and instances pick it up within KEY_CACHE_MS. Licenses signed meanwhile with
 * the previous key stay valid: every key that signed stays published.
 */
const KEY_CACHE_MS = 10_000

export interface ActiveKey {
  key: LicenseSigningKey
  /** Base64 of its certificate's envelope bytes (what format 2 licenses carry), or null. */
  certificate: string | null
  certificateRootKid: string | null
  certifiedFrom: string | null
  certifiedUntil: string | null
}

let active: { value: ActiveKey; at: number } | null = null

export function forgetSigningKeyCache(): void {
  active = null
}

type NewKey = { kid: string; alg: LicenseAlg; publicKeyPem: string; privateKeyPem: string }

async function storeKey(payload: Payload, key: NewKey, status: 'active' | 'pending', req?: PayloadRequest) {
  return payload.create({
    collection: 'signing-keys',
    overrideAccess: true,
    req,
    data: {
      kid: key.kid,
      alg: key.alg,
      status,
      publicKey: key.publicKeyPem,
      privateKeyEncrypted: encryptPrivateKey(key.privateKeyPem, payloadSecret()),
    },
  })
}

/** A key given by the operator: LICENSE_SIGNING_KEY (PEM) or LICENSE_SIGNING_KEY_FILE (path to a PEM). */
function configuredKey(): NewKey | null {
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

async function retireActiveKeys(payload: Payload, req?: PayloadRequest): Promise<string[]> {
  const retired = await payload.update({
    collection: 'signing-keys',
    where: { status: { equals: 'active' } },
    data: { status: 'retired', retiredAt: new Date().toISOString() },
    overrideAccess: true,
    req,
  })
  return retired.docs.map((d) => d.kid)
}

/** On start: make sure one key is active — the configured one, or a new one generated on first start. */
export async function ensureSigningKey(payload: Payload): Promise<void> {
  const configured = configuredKey()
  if (configured) {
    const existing = await payload.find({ collection: 'signing-keys', where: { kid: { equals: configured.kid } }, limit: 1, overrideAccess: true })
    const stored = existing.docs[0]
    if (stored?.status === 'revoked') throw new Error(`LICENSE_SIGNING_KEY holds signing key ${configured.kid}, which a revocation list revoked: it may never sign again. Configure another key.`)
    if (!stored) {
      await retireActiveKeys(payload)
      await storeKey(payload, configured, 'active')
      payload.logger.info(`license signing key ${configured.kid} imported from the environment and made active`)
    }
    return
  }
  const count = await payload.count({ collection: 'signing-keys', where: { status: { equals: 'active' } }, overrideAccess: true })
  if (count.totalDocs > 0) return
  const everHad = await payload.count({ collection: 'signing-keys', overrideAccess: true })
  if (everHad.totalDocs > 0) {
    // Every key was revoked (or is still waiting for its certificate): a new one must be certified, never generated silently.
    payload.logger.warn('no active license signing key: rotate and upload a certificate for the new key (admin → Signing keys)')
    return
  }
  const alg = generatedKeyAlg()
  const key = generateSigningKey(alg)
  await storeKey(payload, key, 'active')
  payload.logger.info(`generated license signing key ${key.kid} (${alg}), stored encrypted with PAYLOAD_SECRET`)
}

async function keyDoc(payload: Payload, id: Id, req?: PayloadRequest): Promise<SigningKey> {
  const found = await payload.find({ collection: 'signing-keys', where: { id: { equals: id } }, limit: 1, depth: 0, overrideAccess: true, showHiddenFields: true, req })
  if (!found.docs[0]) throw notFound('No such signing key.')
  return found.docs[0]
}

const privateKeyOf = (doc: SigningKey): LicenseSigningKey => ({ kid: doc.kid, alg: doc.alg, privateKeyPem: decryptPrivateKey(doc.privateKeyEncrypted, payloadSecret()) })

/** Rotation, step 1: a new pending key, whose certification request the administrator takes to the root. */
export async function rotateSigningKey(payload: Payload, alg: LicenseAlg = 'ed25519', req?: PayloadRequest) {
  const pending = await payload.find({ collection: 'signing-keys', where: { status: { equals: 'pending' } }, limit: 1, depth: 0, overrideAccess: true, req })
  if (pending.docs[0]) {
    throw conflict(`Signing key ${pending.docs[0].kid} is already waiting for its certificate. Upload its certificate, or discard it, before rotating again.`)
  }
  const key = generateSigningKey(alg)
  const doc = await storeKey(payload, key, 'pending', req)
  await recordAudit(payload, { action: 'signing_key.rotation_started', subject: { collection: 'signing-keys', id: doc.id }, summary: `Signing key ${key.kid} (${alg}) made; it signs once a root certifies it`, after: { kid: key.kid, alg, status: 'pending' } }, req)
  return doc
}

/** The key's certification request, for the root key holder (pumotix-keys certify). */
export async function certificationRequestFile(payload: Payload, id: Id): Promise<{ kid: string; text: string }> {
  const doc = await keyDoc(payload, id)
  if (doc.status === 'revoked' || doc.status === 'retired') throw conflict(`Signing key ${doc.kid} is ${doc.status}: it will not sign again, so there is nothing to certify.`)
  const bytes = makeCertificationRequest(privateKeyOf(doc), new Date(doc.createdAt))
  return { kid: doc.kid, text: formatCertificationRequestFile(bytes) }
}

/**
 * Rotation, step 2 (or certifying the key that is active already): stores a certificate for the key
 * after checking it — signed by a trusted root, for exactly this key, valid now. A pending key then
 * becomes the active key and the previous one is retired.
 */
export async function attachCertificate(payload: Payload, id: Id, text: unknown, req?: PayloadRequest) {
  if (typeof text !== 'string' || text.trim() === '') {
    throw badRequest('Certificate: paste the certificate made with pumotix-keys certify (-----BEGIN PUMOTIX SIGNING KEY CERTIFICATE----- …).', { field: 'certificate' })
  }
  if (text.length > 100_000) throw badRequest('Certificate: this is far longer than a signing-key certificate.', { field: 'certificate' })
  const doc = await keyDoc(payload, id, req)
  if (doc.status === 'revoked' || doc.status === 'retired') throw conflict(`Signing key ${doc.kid} is ${doc.status} and never signs again; certify a new key (Rotate) instead.`)
  const roots = await trustedRoots(payload)
  if (roots.length === 0) throw unprocessable('No root key is trusted here yet: configure LICENSE_ROOT_KEYS or add a root key (admin → Root keys) first.')
  const checked = verifyCertificate(text, roots)
  if (!checked.ok) {
    const known = checked.code === 'unknown-root' ? ` This server trusts ${roots.map((r) => r.kid).join(', ')}.` : ''
    throw (checked.code === 'format' || checked.code === 'payload' || checked.code === 'type' ? badRequest : unprocessable)(`Certificate: ${checked.reason}${known}`, { field: 'certificate', code: checked.code })
  }
  const { certificate, rootKid } = checked
  const notThisKey = certificateKeyProblem(certificate, { kid: doc.kid, alg: doc.alg, publicKeyPem: doc.publicKey })
  if (notThisKey) throw unprocessable(`Certificate: ${notThisKey}`, { field: 'certificate', code: 'key' })
  const now = new Date().toISOString()
  if (certificate.notBefore > now) throw unprocessable(`Certificate: it is valid only from ${certificate.notBefore}; upload it then, or certify the key again from today.`, { field: 'certificate', code: 'validity' })
  if (certificate.notAfter !== null && certificate.notAfter < now) throw unprocessable(`Certificate: it expired on ${certificate.notAfter}; certify the key again.`, { field: 'certificate', code: 'validity' })

  const activating = doc.status === 'pending'
  const retired = activating ? await retireActiveKeys(payload, req) : []
  const updated = await payload.update({
    collection: 'signing-keys',
    id: doc.id,
    overrideAccess: true,
    depth: 0,
    req,
    data: {
      status: 'active',
      certificate: checked.bytes.toString('base64'),
      certificateRootKid: rootKid,
      certifiedFrom: certificate.notBefore,
      certifiedUntil: certificate.notAfter,
    },
  })
  forgetSigningKeyCache()
  await recordAudit(payload, {
    action: 'signing_key.certified',
    subject: { collection: 'signing-keys', id: doc.id },
    summary: `Signing key ${doc.kid} certified by root ${rootKid} (${certificate.notBefore} – ${certificate.notAfter ?? 'no end'})`,
    after: { rootKid, notBefore: certificate.notBefore, notAfter: certificate.notAfter },
  }, req)
  if (activating) {
    await recordAudit(payload, { action: 'signing_key.rotated', subject: { collection: 'signing-keys', id: doc.id }, summary: `Signing key ${doc.kid} (${doc.alg}) now signs licenses; retired ${retired.join(', ') || 'none'}`, before: { active: retired }, after: { active: doc.kid, alg: doc.alg } }, req)
  }
  return updated
}

/** A pending key that will not be certified after all: deleted (it never signed anything). */
export async function discardPendingKey(payload: Payload, id: Id, req?: PayloadRequest): Promise<void> {
  const doc = await keyDoc(payload, id, req)
  if (doc.status !== 'pending') throw conflict(`Signing key ${doc.kid} is ${doc.status}; only a key waiting for its certificate can be discarded.`)
  await payload.delete({ collection: 'signing-keys', id: doc.id, overrideAccess: true, req })
  await recordAudit(payload, { action: 'signing_key.discarded', subject: { collection: 'signing-keys', id: doc.id }, summary: `Pending signing key ${doc.kid} discarded before it was certified`, before: { kid: doc.kid, status: 'pending' } }, req)
}

/** Outside production: certifies the key with this data directory's development root, as the offline tool would. */
export async function certifyWithDevelopmentRoot(payload: Payload, id: Id, req?: PayloadRequest) {
  const root = developmentRoot()
  if (!root || isProduction) throw conflict('There is no development root here (it exists only outside production, in DATA_DIR/license-root): certify the key offline with pumotix-keys certify.')
  const { text } = await certificationRequestFile(payload, id)
  const certificate = certifySigningKey(text, root)
  return attachCertificate(payload, id, certificate.toString('base64'), req)
}

/**
 * On start, outside production: the active key gets a certificate from the development root when it
 * has no certificate a trusted root vouches for, so a fresh clone issues format 2 licenses at once.
 */
export async function certifyActiveKeyForDevelopment(payload: Payload): Promise<string | null> {
  if (isProduction || !developmentRoot()) return null
  const found = await payload.find({ collection: 'signing-keys', where: { status: { equals: 'active' } }, limit: 1, depth: 0, overrideAccess: true })
  const doc = found.docs[0]
  if (!doc) return null
  const roots = await trustedRoots(payload)
  if (doc.certificate && doc.certificateRootKid && roots.some((r) => r.kid === doc.certificateRootKid)) return null
  await certifyWithDevelopmentRoot(payload, doc.id)
  return doc.kid
}

/** The key that signs now, with its certificate when it has one. */
export async function activeSigningKey(payload: Payload): Promise<ActiveKey> {
  if (active && Date.now() - active.at < KEY_CACHE_MS) return active.value
  const found = await payload.find({
    collection: 'signing-keys',
    where: { status: { equals: 'active' } },
    sort: '-createdAt',
    limit: 1,
    overrideAccess: true,
    showHiddenFields: true,
  })
  const doc = found.docs[0]
  if (!doc) throw conflict('Licenses cannot be issued right now: there is no active signing key. An administrator must rotate and certify a new key (admin → Signing keys).')
  const value: ActiveKey = {
    key: privateKeyOf(doc),
    certificate: doc.certificate ?? null,
    certificateRootKid: doc.certificateRootKid ?? null,
    certifiedFrom: doc.certifiedFrom ?? null,
    certifiedUntil: doc.certifiedUntil ?? null,
  }
  active = { value, at: Date.now() }
  return value
}

/** Every key that signs or signed (not pending ones), as format 1 verifiers take them (GET /api/license-keys `keys`). */
export async function publishedKeys(payload: Payload): Promise<PublicKeyInfo[]> {
  const found = await payload.find({ collection: 'signing-keys', where: { status: { not_equals: 'pending' } }, sort: 'createdAt', limit: 0, pagination: false, depth: 0, overrideAccess: true })
  const status = (s: SigningKey['status']): PublicKeyInfo['status'] => (s === 'active' ? 'active' : s === 'revoked' ? 'revoked' : 'retired')
  return found.docs.map((d) => ({ kid: d.kid, alg: d.alg, status: status(d.status), createdAt: d.createdAt, publicKey: d.publicKey }))
}

/** The certificates of the keys that have one (GET /api/license-keys `certificates`). */
export async function publishedCertificates(payload: Payload): Promise<{ kid: string; certificate: string }[]> {
  const found = await payload.find({ collection: 'signing-keys', where: { and: [{ status: { not_equals: 'pending' } }, { certificate: { exists: true } }] }, sort: 'createdAt', limit: 0, pagination: false, depth: 0, overrideAccess: true })
  return found.docs.flatMap((d) => (d.certificate ? [{ kid: d.kid, certificate: d.certificate }] : []))
}
