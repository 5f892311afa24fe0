/**
 * Reading a list of root public keys as the tools take it: JSON ({"roots":[{"kid","alg",
 * "publicKey"}]} as GET /api/license-keys returns, or a bare list), or one or more SPKI PEM
 * blocks whose kid and alg are derived from the key (text around the blocks is ignored, such as
 * the "Root key id" line of pumotix-keys root public). The signature suite reads the keys, so the
 * device tool does it with node-forge and the key tool with node:crypto.
 */
import { isLicenseAlg, type LicenseAlg } from './algorithms'
import type { RootPublicKey, SignatureSuite } from './document-verify'

export function parseRootsText<K>(text: string, suite: SignatureSuite<K>): RootPublicKey[] {
  const trimmed = text.trim()
  if (!trimmed.startsWith('{') && !trimmed.startsWith('[')) {
    const blocks = trimmed.match(/-----BEGIN PUBLIC KEY-----[\s\S]*?-----END PUBLIC KEY-----/g) ?? []
    if (blocks.length === 0) throw new Error('The roots are neither JSON nor SPKI PEM (no -----BEGIN PUBLIC KEY----- block).')
    return blocks.map((block) => {
      const pem = block + '\n'
      const key = suite.publicKeyFromPem(pem)
      const alg: LicenseAlg = suite.keyProblem('ed25519', key) === null ? 'ed25519' : 'rsa-pss-sha256'
      const problem = suite.keyProblem(alg, key)
      if (problem) throw new Error(`A root key in the file cannot be used: ${problem}`)
      return { kid: suite.kid(alg, key), alg, publicKey: pem }
    })
  }
  let data: unknown
  try {
    data = JSON.parse(trimmed)
  } catch {
    throw new Error('The roots file is not valid JSON.')
  }
  const list: unknown = Array.isArray(data) ? data : typeof data === 'object' && data !== null && 'roots' in data ? data.roots : undefined
  if (!Array.isArray(list)) throw new Error('The roots JSON has no "roots" list.')
  const roots: RootPublicKey[] = []
  for (const item of list as unknown[]) {
    if (typeof item !== 'object' || item === null) continue
    const r: Record<string, unknown> = { ...item }
    if (typeof r.kid === 'string' && isLicenseAlg(r.alg) && typeof r.publicKey === 'string') roots.push({ kid: r.kid, alg: r.alg, publicKey: r.publicKey })
  }
  if (roots.length === 0) throw new Error('The roots list holds no usable key (each needs kid, alg and publicKey).')
  return roots
}
