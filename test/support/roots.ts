/**
 * The TEST-ONLY root keys of test/vectors/keys as the offline side holds them, and the steps an
 * administrator takes with pumotix-keys: certify a signing key from its certification request, sign a
 * revocation list. Only the tests have the private halves; the server gets public keys.
 */
import fs from 'node:fs'
import path from 'node:path'

import { certifySigningKey, formatCertificateFile, formatRevocationListFile, readRootPrivateKey, rootPublicKey, signRevocationList, type RootPublicKey, type RootSigningKey } from '@/licensing'
import type { Api } from './http'

const KEYS = path.resolve(import.meta.dirname, '../vectors/keys')
const PASSPHRASE = () => fs.readFileSync(path.join(KEYS, 'TEST-ONLY-root-passphrase.txt'), 'utf8').split('\n')[0]

export type TestRootName = 'root-ed25519' | 'root-rsa-pss-sha256' | 'root-unknown-ed25519'

export function testRoot(name: TestRootName = 'root-ed25519'): { signing: RootSigningKey; public: RootPublicKey; publicKeyFile: string } {
  const signing = readRootPrivateKey(fs.readFileSync(path.join(KEYS, `TEST-ONLY-${name}.key`), 'utf8'), PASSPHRASE())
  return { signing, public: rootPublicKey(signing), publicKeyFile: path.join(KEYS, `TEST-ONLY-${name}.public.pem`) }
}

/** Downloads the key's certification request, certifies it offline with `root` and returns the certificate file. */
export async function certifyOffline(api: Api, adminToken: string, keyId: string | number, root: RootSigningKey, validity: { notBefore?: string; notAfter?: string | null } = {}): Promise<string> {
  const request = await api('GET', `/api/signing-keys/${keyId}/certification-request`, { token: adminToken })
  if (request.status !== 200) throw new Error(`certification request: ${request.status} ${request.text}`)
  return formatCertificateFile(certifySigningKey(request.text, root, validity))
}

/** Certifies the key offline and uploads the certificate: the whole second step of a rotation. */
export async function certifyAndUpload(api: Api, adminToken: string, keyId: string | number, root: RootSigningKey) {
  const certificate = await certifyOffline(api, adminToken, keyId, root)
  return api('POST', `/api/signing-keys/${keyId}/certificate`, { token: adminToken, body: { certificate } })
}

export const revocationListFile = (root: RootSigningKey, number: number, revoked: string[]) =>
  formatRevocationListFile(signRevocationList(root, { number, issuedAt: new Date().toISOString(), revoked }))
