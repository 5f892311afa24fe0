import type { CollectionConfig } from 'payload'

import { adminsOnly, isAdmin, nobody } from '@/access/roles'
import { forgetCachedSigningKeys } from '@hooks/forgetCachedSigningKeys'
import { rotateEndpoint } from './endpoints/rotate'

/**
 * License signing keys. The private key is stored encrypted (AES-256-GCM, key derived from
 * PAYLOAD_SECRET) and no API, admin field or log ever shows it. Exactly one key is `active`.
 */
export const SigningKeys: CollectionConfig = {
  slug: 'signing-keys',
  labels: { singular: { en: 'Signing key', ru: 'Ключ подписи' }, plural: { en: 'Signing keys', ru: 'Ключи подписи' } },
  admin: {
    useAsTitle: 'kid',
    defaultColumns: ['kid', 'alg', 'status', 'createdAt'],
    group: { en: 'Licensing', ru: 'Лицензирование' },
    hidden: ({ user }) => !isAdmin(user),
    components: { beforeList: ['/src/admin/RotateSigningKey#RotateSigningKey'] },
    description: 'Public keys are published at /api/license-keys. Rotate to make a new active key; retired keys keep verifying old licenses.',
  },
  access: {
    read: adminsOnly,
    create: nobody,
    update: nobody,
    delete: nobody,
  },
  hooks: { afterChange: [forgetCachedSigningKeys] },
  endpoints: [rotateEndpoint],
  fields: [
    { name: 'kid', type: 'text', required: true, unique: true, index: true, admin: { readOnly: true } },
    {
      name: 'alg',
      type: 'select',
      required: true,
      options: [
        { label: 'Ed25519', value: 'ed25519' },
        { label: 'RSA-3072 PSS SHA-256', value: 'rsa-pss-sha256' },
      ],
      admin: { readOnly: true },
    },
    {
      name: 'status',
      type: 'select',
      required: true,
      index: true,
      options: [
        { label: 'Active', value: 'active' },
        { label: 'Retired', value: 'retired' },
      ],
      admin: { readOnly: true },
    },
    { name: 'publicKey', type: 'textarea', required: true, admin: { readOnly: true } },
    { name: 'retiredAt', type: 'date', admin: { readOnly: true } },
    {
      name: 'privateKeyEncrypted',
      type: 'text',
      required: true,
      hidden: true,
      access: { read: () => false, update: () => false },
    },
  ],
  timestamps: true,
}
