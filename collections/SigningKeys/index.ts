import type { CollectionConfig } from 'payload'

import { closedCollection, neverField } from '@/access/closed-collection'
import { adminsOnly, isAdmin, nobody } from '@/access/roles'
import { countLicensesSigned } from '@hooks/countLicensesSigned'
import { forgetCachedSigningKeys } from '@hooks/forgetCachedSigningKeys'
import { certificateEndpoint } from './endpoints/certificate'
import { certificationRequestEndpoint } from './endpoints/certification-request'
import { certifyWithDevelopmentRootEndpoint } from './endpoints/certify-with-development-root'
import { developmentRootEndpoint } from './endpoints/development-root'
import { discardEndpoint } from './endpoints/discard'
import { rotateEndpoint } from './endpoints/rotate'

/**
 * License signing keys. The private key is stored encrypted (AES-256-GCM, key derived from
 * PAYLOAD_SECRET) and no API, admin field or log ever shows it. Exactly one key is `active`; a key
 * made by Rotate is `pending` until a certificate from a PUMOTIX root (made offline with pumotix-keys)
 * is uploaded for it; `revoked` keys, named by a revocation list, never sign again.
 */
export const SigningKeys: CollectionConfig = closedCollection({
  slug: 'signing-keys',
  labels: { singular: { en: 'Signing key', ru: 'Ключ подписи' }, plural: { en: 'Signing keys', ru: 'Ключи подписи' } },
  admin: {
    useAsTitle: 'kid',
    defaultColumns: ['kid', 'alg', 'status', 'certificateRootKid', 'certifiedUntil', 'licensesSigned', 'createdAt'],
    group: { en: 'Licensing', ru: 'Лицензирование' },
    hidden: ({ user }) => !isAdmin(user),
    components: { beforeList: ['/src/admin/RotateSigningKey#RotateSigningKey'] },
    description:
      'Public keys, root keys, certificates and the newest revocation list are published at /api/license-keys. Rotate makes a pending key; it signs once a certificate from a PUMOTIX root is uploaded for it.',
  },
  access: {
    read: adminsOnly,
    create: nobody,
    update: nobody,
    delete: nobody,
    readVersions: nobody,
  },
  // Keys are made, certified and retired only by the endpoints below (src/domain/signing-keys.ts).
  duplicate: 'closed',
  fieldWrites: { create: neverField, update: neverField },
  hooks: { afterChange: [forgetCachedSigningKeys], afterDelete: [forgetCachedSigningKeys] },
  endpoints: [developmentRootEndpoint, rotateEndpoint, certificationRequestEndpoint, certificateEndpoint, certifyWithDevelopmentRootEndpoint, discardEndpoint],
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
        { label: 'Pending (waiting for its certificate)', value: 'pending' },
        { label: 'Active', value: 'active' },
        { label: 'Retired', value: 'retired' },
        { label: 'Revoked', value: 'revoked' },
      ],
      admin: { readOnly: true },
    },
    {
      name: 'certificateActions',
      type: 'ui',
      admin: { components: { Field: '/src/admin/SigningKeyCertificate#SigningKeyCertificate' } },
    },
    { name: 'publicKey', type: 'textarea', required: true, admin: { readOnly: true } },
    {
      name: 'certificate',
      type: 'textarea',
      admin: { readOnly: true, description: 'Base64 of the certificate envelope, as format 2 licenses carry it (crt).' },
    },
    {
      type: 'row',
      fields: [
        { name: 'certificateRootKid', type: 'text', label: { en: 'Certified by root', ru: 'Сертифицирован корнем' }, admin: { readOnly: true } },
        { name: 'certifiedFrom', type: 'date', label: { en: 'Certified from', ru: 'Действует с' }, admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' } } },
        { name: 'certifiedUntil', type: 'date', label: { en: 'Certified until', ru: 'Действует до' }, admin: { readOnly: true, date: { pickerAppearance: 'dayAndTime' }, description: 'Empty: no end.' } },
      ],
    },
    {
      name: 'licensesSigned',
      type: 'number',
      virtual: true,
      label: { en: 'Licenses signed', ru: 'Подписано лицензий' },
      admin: { readOnly: true },
      hooks: { afterRead: [countLicensesSigned] },
    },
    { name: 'retiredAt', type: 'date', admin: { readOnly: true } },
    { name: 'revokedAt', type: 'date', admin: { readOnly: true } },
    { name: 'revokedByList', type: 'number', label: { en: 'Revoked by list', ru: 'Отозван списком' }, admin: { readOnly: true } },
    {
      name: 'privateKeyEncrypted',
      type: 'text',
      required: true,
      hidden: true,
      access: { read: neverField, create: neverField, update: neverField },
    },
  ],
  timestamps: true,
})
