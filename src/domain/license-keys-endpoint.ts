/**
 * GET /api/license-keys — public, for offline verification: every signing key that signs or signed
 * (format 1 verifies against these), the root keys, each signing key's certificate and the newest
 * revocation list (format 2 verifies against the roots; docs/license-format.md).
 */
import type { Endpoint, Payload } from 'payload'

import type { PublicKeyInfo, RootPublicKey } from '@/licensing'
import { trustedRoots } from './license-roots'
import { newestRevocationList } from './revocations'
import { publishedCertificates, publishedKeys } from './signing-keys'

export interface PublishedKeys {
  keys: PublicKeyInfo[]
  roots: RootPublicKey[]
  certificates: { kid: string; certificate: string }[]
  revocationList: string | null
}

const CACHE_MS = 10_000
let published: { value: PublishedKeys; at: number } | null = null

export function forgetPublishedKeys(): void {
  published = null
}

export async function publishedKeySet(payload: Payload): Promise<PublishedKeys> {
  if (published && Date.now() - published.at < CACHE_MS) return published.value
  const value: PublishedKeys = {
    keys: await publishedKeys(payload),
    roots: await trustedRoots(payload),
    certificates: await publishedCertificates(payload),
    revocationList: (await newestRevocationList(payload))?.list ?? null,
  }
  published = { value, at: Date.now() }
  return value
}

export const licenseKeysEndpoint: Endpoint = {
  path: '/license-keys',
  method: 'get',
  handler: async (req) => Response.json(await publishedKeySet(req.payload), { headers: { 'cache-control': 'public, max-age=300' } }),
}
