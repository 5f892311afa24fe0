import type { RootKey } from '@payload-types'
import type { CollectionBeforeValidateHook } from 'payload'

import { badRequest } from '@/domain/errors'
import { readRootKeys } from '@/licensing'

/**
 * A root key added through the API or the admin: its kid and alg are derived from the pasted public
 * key (whatever else the request says), and it counts as uploaded. Only the server's own start-up
 * (the Local API) stores configured and development roots.
 */
export const readUploadedRootKey: CollectionBeforeValidateHook<RootKey> = async ({ data, operation, req }) => {
  if (operation !== 'create' || !data) return data
  const text = typeof data.publicKey === 'string' ? data.publicKey : ''
  if (/PRIVATE KEY/.test(text)) {
    throw badRequest("Public key: this is a private key. A root's private key never leaves the offline machine; paste its public key (pumotix-keys root public).", { field: 'publicKey' })
  }
  let roots
  try {
    roots = readRootKeys(text)
  } catch (err) {
    throw badRequest(`Public key: ${(err as Error).message} Paste the root's public key as printed by pumotix-keys (-----BEGIN PUBLIC KEY----- …).`, { field: 'publicKey' })
  }
  if (roots.length !== 1) throw badRequest(`Public key: paste exactly one root public key (found ${roots.length}).`, { field: 'publicKey' })
  const [root] = roots
  const existing = await req.payload.count({ collection: 'root-keys', where: { kid: { equals: root.kid } }, overrideAccess: true, req })
  if (existing.totalDocs > 0) throw badRequest(`Public key: root key ${root.kid} is already trusted.`, { field: 'publicKey' })
  const source = req.payloadAPI === 'local' && data.source ? data.source : 'uploaded'
  return { ...data, kid: root.kid, alg: root.alg, publicKey: root.publicKey, source }
}
