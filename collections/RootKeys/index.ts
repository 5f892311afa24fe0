import type { CollectionConfig } from 'payload'

import { closedCollection, neverField } from '@/access/closed-collection'
import { adminFieldOnly, adminsOnly, isAdmin, nobody } from '@/access/roles'
import { forgetCachedSigningKeys } from '@hooks/forgetCachedSigningKeys'
import { readUploadedRootKey } from '@hooks/readUploadedRootKey'
import { refuseRootKeyDeleteInUse } from '@hooks/refuseRootKeyDeleteInUse'

/**
 * The PUMOTIX root public keys this server trusts: the controllers' firmware holds the same keys, and
 * a signing key signs format 2 licenses only with a certificate from one of them. Only public keys
 * are ever here; the private halves stay offline (pumotix-keys). Configured ones come from
 * LICENSE_ROOT_KEYS; an administrator can add one by pasting its public key (PEM).
 */
export const RootKeys: CollectionConfig = closedCollection({
  slug: 'root-keys',
  labels: { singular: { en: 'Root key', ru: 'Корневой ключ' }, plural: { en: 'Root keys', ru: 'Корневые ключи' } },
  admin: {
    useAsTitle: 'kid',
    defaultColumns: ['kid', 'alg', 'source', 'note', 'createdAt'],
    group: { en: 'Licensing', ru: 'Лицензирование' },
    hidden: ({ user }) => !isAdmin(user),
    description: 'Public keys only. Paste a root public key (-----BEGIN PUBLIC KEY-----) printed by `pumotix-keys root create` or `root public` to add it.',
  },
  access: { read: adminsOnly, create: adminsOnly, update: nobody, delete: adminsOnly, readVersions: nobody },
  duplicate: 'closed',
  // kid, alg and source are derived from the pasted key (hooks/readUploadedRootKey); an admin writes the key and a note.
  fieldWrites: { create: neverField, update: neverField },
  hooks: { beforeValidate: [readUploadedRootKey], beforeDelete: [refuseRootKeyDeleteInUse], afterChange: [forgetCachedSigningKeys], afterDelete: [forgetCachedSigningKeys] },
  fields: [
    { name: 'publicKey', type: 'textarea', required: true, label: { en: 'Public key (PEM)', ru: 'Открытый ключ (PEM)' }, access: { create: adminFieldOnly, update: neverField } },
    { name: 'kid', type: 'text', required: true, unique: true, index: true, admin: { readOnly: true, description: 'Derived from the public key.' } },
    {
      name: 'alg',
      type: 'select',
      required: true,
      options: [
        { label: 'Ed25519', value: 'ed25519' },
        { label: 'RSA-3072 PSS SHA-256', value: 'rsa-pss-sha256' },
      ],
      admin: { readOnly: true, description: 'Derived from the public key.' },
    },
    {
      name: 'source',
      type: 'select',
      required: true,
      defaultValue: 'uploaded',
      options: [
        { label: 'Configured (LICENSE_ROOT_KEYS)', value: 'configured' },
        { label: 'Uploaded by an administrator', value: 'uploaded' },
        { label: 'Development root (not for controllers in the field)', value: 'development' },
      ],
      admin: { readOnly: true },
    },
    { name: 'note', type: 'text', maxLength: 200, label: { en: 'Note', ru: 'Заметка' }, access: { create: adminFieldOnly, update: neverField } },
  ],
  timestamps: true,
})
