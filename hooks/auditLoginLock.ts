import { AuthenticationError, type CollectionAfterErrorHook } from 'payload'

import { recordAudit } from '@/domain/audit'
import { withLock } from '@/domain/keyed-mutex'

/**
 * A failed login that locks the account (loginAttempts reached auth.maxLoginAttempts) is logged once
 * per lock: Payload sets lockUntil on that attempt and answers AuthenticationError, so this users
 * afterError hook looks at the account after each failed password and records a lock it has not
 * recorded yet (the lock's lockUntil is the key).
 */
export const auditLoginLock: CollectionAfterErrorHook = async ({ error, req, collection }) => {
  if (!(error instanceof AuthenticationError) && (error as { name?: string })?.name !== 'AuthenticationError') return
  const email = typeof req.data?.email === 'string' ? req.data.email.trim().toLowerCase() : ''
  if (!email || !collection?.auth?.maxLoginAttempts) return
  try {
    const { payload } = req
    const found = await payload.find({ collection: 'users', where: { email: { equals: email } }, limit: 1, depth: 0, overrideAccess: true, showHiddenFields: true })
    const user = found.docs[0] as { id: string | number; email: string; lockUntil?: string | null; loginAttempts?: number } | undefined
    if (!user?.lockUntil || new Date(user.lockUntil).getTime() <= Date.now()) return
    await withLock(`audit:login-lock:${user.id}`, async () => {
      const last = await payload.find({
        collection: 'audit-events',
        where: { and: [{ action: { equals: 'user.login_locked' } }, { subjectId: { equals: String(user.id) } }] },
        sort: '-at',
        limit: 1,
        depth: 0,
        overrideAccess: true,
      })
      if ((last.docs[0]?.after as { lockUntil?: string } | undefined)?.lockUntil === user.lockUntil) return
      await recordAudit(payload, {
        action: 'user.login_locked',
        subject: { collection: 'users', id: user.id },
        summary: `Account ${user.email} locked after ${user.loginAttempts ?? collection.auth.maxLoginAttempts} failed logins`,
        after: { lockUntil: user.lockUntil, loginAttempts: user.loginAttempts ?? null },
        actorLabel: 'login',
      })
    })
  } catch (err) {
    req.payload.logger.error({ err }, 'could not record the login lock in the audit log')
  }
}
