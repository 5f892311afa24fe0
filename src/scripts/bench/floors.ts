/** The signing floors: one Ed25519 signature of a license-sized payload with OpenSSL (node:crypto) and node-forge. */
import { createPrivateKey, sign } from 'node:crypto'
import forge from 'node-forge'

import { buildLicensePayload, generateSigningKey, serializeLicensePayload } from '@/licensing'
import { percentile, timeCalls } from './timing'

export interface Floor {
  name: string
  perSecond: number
  p50: number
  p95: number
}

function measure(name: string, n: number, fn: (i: number) => void): Floor {
  const { times, perSecond } = timeCalls(n, fn)
  return { name, perSecond, p50: percentile(times, 50), p95: percentile(times, 95) }
}

export function signingFloors(n = 2000, forgeN = 100): Floor[] {
  const key = generateSigningKey('ed25519')
  const bytes = serializeLicensePayload(
    buildLicensePayload({ licenseId: 'BENCH', serial: '3000000001', modelId: 3, hardwareId: '0123456789abcdef0123456789abcdef', options: ['AXIS4', 'THC'], sequence: 1, issuedAt: new Date(), expiresAt: null }),
  )
  const privateKey = createPrivateKey(key.privateKeyPem)
  const seed = Buffer.from(privateKey.export({ format: 'jwk' }).d as string, 'base64url')
  const forgeKey = forge.pki.ed25519.generateKeyPair({ seed }).privateKey
  return [
    measure('Ed25519 sign, OpenSSL (node:crypto)', n, () => void sign(null, bytes, privateKey)),
    measure('Ed25519 sign, node-forge', forgeN, () => void forge.pki.ed25519.sign({ message: bytes, privateKey: forgeKey })),
  ]
}
