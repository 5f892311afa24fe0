/**
 * Field access for the users fields Payload adds to an auth collection (merged by name with Payload's
 * own definitions), and the shared field-access rules of the users collection.
 */
import type { CollectionAfterReadHook, Field, FieldAccess } from 'payload'

import { staffFieldOnly } from '@/access/roles'
import { passwordFieldAccess } from './account-writes'

/** Nobody through the API: the field is written by the server's own code (overrideAccess). */
export const noField: FieldAccess = () => false

/**
 * The fields a customer changes about themselves (name, phone, language, newsSubscribed): whoever may
 * update the account (collections/Users/access.ts: the owner, a manager for customers, admins).
 */
export const selfService: FieldAccess = ({ req }) => Boolean(req.user)

export const authFieldOverrides: Field[] = [
  {
    // Staff give an address when they create an account; afterwards it changes only through the
    // confirmation link (endpoints/change-email.ts, account-writes.ts).
    name: 'email',
    type: 'email',
    access: { create: staffFieldOnly, update: noField },
  },
  {
    // Not a column (virtual): it carries Payload's password access, which its create and update honour
    // (the value is dropped without access) and its admin reads to offer the password inputs — to nobody,
    // as passwords are changed by their owner with the current one or a reset link. Read is allowed only
    // so that the field appears in the admin's permissions at all (Payload leaves out a field whose every
    // permission is false, and the admin then shows the inputs); there is never a value to read.
    name: 'password',
    type: 'text',
    virtual: true,
    access: { create: passwordFieldAccess, update: passwordFieldAccess, read: () => true },
    admin: { hidden: true },
  },
  {
    // Payload lets any logged-in user set this; only staff confirm an address by hand.
    name: '_verified',
    type: 'checkbox',
    access: { create: staffFieldOnly, update: staffFieldOnly },
  },
  {
    // Payload lets the owner read their session list; nobody reads it through the API (the session
    // check reads it with overrideAccess).
    name: 'sessions',
    type: 'array',
    access: { read: noField, create: noField, update: noField },
    fields: [],
  },
]

/**
 * afterRead of users: Payload puts back an empty `sessions` array after the field's read access removed
 * the list (its afterRead sets [] for an array field without rows); drop the key as well from what the
 * API reads, so no answer names it. The session check reads the user with overrideAccess and still gets
 * the real list (an empty one it takes as none); the server's own Local API reads keep the array.
 */
export const dropEmptySessions: CollectionAfterReadHook = ({ doc, req }) => {
  if (req.payloadAPI !== 'local' && doc && Array.isArray(doc.sessions) && doc.sessions.length === 0) delete doc.sessions
  return doc
}
