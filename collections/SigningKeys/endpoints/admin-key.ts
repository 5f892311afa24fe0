import type { PayloadRequest } from 'payload'

import { isAdmin } from '@/access/roles'
import { forbidden, notFound } from '@/domain/errors'
import { parseId } from '@/domain/ids'
import { requireUser } from '@/domain/read-body'

/** The signing key an admin-only endpoint acts on (`:id`), after checking the caller is an administrator. */
export function adminKeyId(req: PayloadRequest, action: string) {
  const user = requireUser(req)
  if (!isAdmin(user)) throw forbidden(`Only an administrator can ${action}.`)
  const id = parseId(req.payload, req.routeParams?.id)
  if (id === null) throw notFound('No such signing key.')
  return id
}

/** What the API answers about a signing key (never its private part). */
export const keySummary = (k: { id: string | number; kid: string; alg: string; status: string; certificateRootKid?: string | null; certifiedFrom?: string | null; certifiedUntil?: string | null; createdAt: string }) => ({
  id: k.id,
  kid: k.kid,
  alg: k.alg,
  status: k.status,
  certificateRootKid: k.certificateRootKid ?? null,
  certifiedFrom: k.certifiedFrom ?? null,
  certifiedUntil: k.certifiedUntil ?? null,
  createdAt: k.createdAt,
})
