/**
 * Signing a controller's next license in the format it reads: format 1 for PMX1 controllers (the
 * payload and file of docs/license-format.md, part 1, unchanged), format 2 for PMX2 controllers,
 * with the signing key's certificate and the newest revocation list inside the file.
 */
import type { Payload } from 'payload'

import {
  buildLicensePayload,
  buildLicensePayloadV2,
  signLicense,
  signLicenseV2,
  type LicenseOptionV2Input,
  type RootPublicKey,
} from '@/licensing'
import { conflict } from './errors'
import { trustedRoots } from './license-roots'
import { newestRevocationList } from './revocations'
import { activeSigningKey, forgetSigningKeyCache, type ActiveKey } from './signing-keys'

export interface LicenseContent {
  licenseId: string
  serial: string
  modelId: number
  hardwareId: string
  /** Codes (format 1 and 2) with their end date (format 2 only; null = permanent). */
  options: LicenseOptionV2Input[]
  maintenanceUntil: string | null
  sequence: number
  issuedAt: Date
}

export interface SignedLicense {
  format: 1 | 2
  kid: string
  alg: string
  text: string
  sha256: string
  issuedAt: string
  revocationListNumber: number | null
}

/** Everything a format 2 license needs besides its payload, checked before anything is signed. */
interface Format2Material {
  certificate: string
  revocationList: { number: number; list: string } | null
  roots: RootPublicKey[]
}

const NOT_READY =
  'Licenses for this controller (license format 2) cannot be issued yet: the signing key has no valid certificate from a PUMOTIX root key. ' +
  'Please try again later or contact PUMOTIX support. (Administrators: configure LICENSE_ROOT_KEYS or add a root key, then certify the signing key — admin → Signing keys.)'

async function format2Material(payload: Payload, signer: ActiveKey, issuedAt: string): Promise<Format2Material> {
  const roots = await trustedRoots(payload)
  if (!signer.certificate || !signer.certificateRootKid || !roots.some((r) => r.kid === signer.certificateRootKid)) throw conflict(NOT_READY)
  if (signer.certifiedFrom && issuedAt < signer.certifiedFrom) throw conflict(NOT_READY)
  if (signer.certifiedUntil && issuedAt > signer.certifiedUntil) {
    throw conflict(`Licenses for this controller (license format 2) cannot be issued: the signing key's certificate ended on ${signer.certifiedUntil}. Please contact PUMOTIX support. (Administrators: certify the key again, or rotate.)`)
  }
  const newest = await newestRevocationList(payload)
  if (newest?.revoked?.includes(signer.key.kid)) {
    forgetSigningKeyCache()
    throw conflict('The signing key was revoked a moment ago; please try again in a few seconds.')
  }
  return { certificate: signer.certificate, revocationList: newest ? { number: newest.number, list: newest.list } : null, roots }
}

/** Signs the license in `format` with the active key. */
export async function signForController(payload: Payload, format: 1 | 2, content: LicenseContent): Promise<SignedLicense> {
  const signer = await activeSigningKey(payload)
  const { key } = signer
  if (format === 1) {
    const licensePayload = buildLicensePayload({ ...content, options: content.options.map((o) => o.code), expiresAt: null })
    const signed = signLicense(licensePayload, key)
    return { format, kid: key.kid, alg: key.alg, ...signed, issuedAt: licensePayload.issuedAt, revocationListNumber: null }
  }
  const licensePayload = buildLicensePayloadV2({ ...content, expiresAt: null })
  const material = await format2Material(payload, signer, licensePayload.issuedAt)
  const signed = signLicenseV2(licensePayload, key, { certificate: material.certificate, revocationList: material.revocationList?.list ?? null, roots: material.roots })
  return { format, kid: key.kid, alg: key.alg, ...signed, issuedAt: licensePayload.issuedAt, revocationListNumber: material.revocationList?.number ?? null }
}
