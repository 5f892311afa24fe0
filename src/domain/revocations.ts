/**
 * Revocation lists: uploaded after they were signed offline by a root (pumotix-keys revoke), checked
 * here, and from then on the newest one travels inside every format 2 license, which is how
 * controllers in the field learn of a revoked signing key.
 */
import type { RevocationList } from '@payload-types'
import type { Payload, PayloadRequest } from 'payload'

import { verifyRevocationList } from '@/licensing'
import { recordAudit } from './audit'
import { badRequest, unprocessable } from './errors'
import { trustedRoots } from './license-roots'

const CACHE_MS = 10_000
let newest: { list: Pick<RevocationList, 'number' | 'list' | 'revoked'> | null; at: number } | null = null

export function forgetRevocationListCache(): void {
  newest = null
}

/** The newest published list (highest number), or null when none was ever published. */
export async function newestRevocationList(payload: Payload): Promise<Pick<RevocationList, 'number' | 'list' | 'revoked'> | null> {
  if (newest && Date.now() - newest.at < CACHE_MS) return newest.list
  const found = await payload.find({ collection: 'revocation-lists', sort: '-number', limit: 1, depth: 0, overrideAccess: true, select: { number: true, list: true, revoked: true } })
  const list = found.docs[0] ?? null
  newest = { list, at: Date.now() }
  return list
}

/**
 * Checks an uploaded list and returns the fields it is stored with: signed by a trusted root, a
 * canonical list, and numbered after the newest one here (lists only move forward; an older or
 * repeated list changes nothing).
 */
export async function checkRevocationListUpload(payload: Payload, text: unknown, req?: PayloadRequest) {
  if (typeof text !== 'string' || text.trim() === '') {
    throw badRequest('Revocation list: paste the list made with pumotix-keys revoke (-----BEGIN PUMOTIX REVOCATION LIST----- …).', { field: 'list' })
  }
  if (text.length > 200_000) throw badRequest('Revocation list: this is far longer than a revocation list.', { field: 'list' })
  const roots = await trustedRoots(payload)
  if (roots.length === 0) throw unprocessable('No root key is trusted here yet: configure LICENSE_ROOT_KEYS or add a root key before publishing a revocation list.')
  const checked = verifyRevocationList(text, roots)
  if (!checked.ok) {
    const status = checked.code === 'unknown-root' || checked.code === 'signature' ? unprocessable : badRequest
    throw status(`Revocation list: ${checked.reason}`, { field: 'list', code: checked.code })
  }
  const { revocationList } = checked
  forgetRevocationListCache()
  const current = await payload.find({ collection: 'revocation-lists', sort: '-number', limit: 1, depth: 0, overrideAccess: true, req, select: { number: true } })
  const last = current.docs[0]?.number ?? 0
  if (revocationList.number <= last) {
    throw unprocessable(`Revocation list: this is list ${revocationList.number}, but list ${last} is already published; lists only move forward. Make the next list with pumotix-keys revoke --previous (it will be number ${last + 1}).`, {
      field: 'list',
      code: 'number',
    })
  }
  return {
    list: checked.bytes.toString('base64'),
    number: revocationList.number,
    issuedAt: revocationList.issuedAt,
    revoked: revocationList.revoked,
    rootKid: checked.rootKid,
  }
}

/** The signing keys a newly published list names are revoked: they never sign again. */
export async function revokeListedKeys(payload: Payload, list: RevocationList, req?: PayloadRequest): Promise<string[]> {
  forgetRevocationListCache()
  const kids = list.revoked ?? []
  const affected = kids.length
    ? await payload.find({ collection: 'signing-keys', where: { and: [{ kid: { in: kids } }, { status: { not_equals: 'revoked' } }] }, depth: 0, limit: 0, pagination: false, overrideAccess: true, req })
    : { docs: [] }
  const now = new Date().toISOString()
  for (const key of affected.docs) {
    await payload.update({ collection: 'signing-keys', id: key.id, overrideAccess: true, depth: 0, req, data: { status: 'revoked', revokedAt: now, revokedByList: list.number } })
    await recordAudit(payload, { action: 'signing_key.revoked', subject: { collection: 'signing-keys', id: key.id }, summary: `Signing key ${key.kid} (${key.status}) revoked by revocation list ${list.number}`, before: { status: key.status }, after: { status: 'revoked', list: list.number } }, req)
  }
  await recordAudit(payload, {
    action: 'revocation_list.published',
    subject: { collection: 'revocation-lists', id: list.id },
    summary: `Revocation list ${list.number} published (${kids.length} key(s): ${kids.join(', ') || 'none'}); format 2 licenses carry it from now on`,
    after: { number: list.number, revoked: kids, rootKid: list.rootKid },
  }, req)
  return affected.docs.map((k) => k.kid)
}
