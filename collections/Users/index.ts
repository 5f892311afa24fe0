import type { CollectionConfig } from 'payload'

import { adminFieldOnly, adminsOnly, isStaff, ROLES, staffFieldOnly, staffOnly } from '@/access/roles'
import { serverURL } from '@/config/env'
import { loginAccountLockout } from '@/config/rate-limits'
import { deferVerificationEmail } from '@hooks/deferVerificationEmail'
import { equalizeLoginTiming } from '@hooks/equalizeLoginTiming'
import { normalizePhone, validatePhone } from '@hooks/normalizePhone'
import { queueVerificationEmail } from '@hooks/queueVerificationEmail'
import { usersExport } from '@/domain/export-columns'
import { auditRoleChange } from '@hooks/auditRoleChange'
import { setIsCustomer } from '@hooks/setIsCustomer'
import { syncOwnerEmailOnControllers } from '@hooks/syncOwnerEmailOnControllers'
import { resetPassword } from '@templates/reset-password'
import { LANG_LABELS, LANGS, langOf } from '@/i18n/languages'
import { verifyEmail } from '@templates/verify-email'
import { canOpenAdmin, readUsers, updateUsers } from './access'
import { afterPasswordReset } from './after-password-reset'
import { guardAccountWrites } from './account-writes'
import { unlockClearsThrottle } from './unlock-clears-throttle'
import { authFieldOverrides, dropEmptySessions, noField, selfService } from './auth-fields'
import { unsubscribeEndpoints } from './unsubscribe-endpoint'
import { userEndpoints } from './endpoints'
import { requirePrivacyConsent } from './registration-consent'
import { refuseDeleteWhenReferenced } from '@hooks/refuseDeleteWhenReferenced'

export const Users: CollectionConfig = {
  slug: 'users',
  labels: { singular: { en: 'User', ru: 'Пользователь' }, plural: { en: 'Users', ru: 'Пользователи' } },
  admin: {
    useAsTitle: 'email',
    defaultColumns: ['email', 'name', 'roles', 'phone', 'createdAt'],
    group: { en: 'Customers', ru: 'Клиенты' },
    hidden: ({ user }) => !isStaff(user),
    components: { beforeList: ['/src/admin/ExportCsvLink#ExportCsvLink'] },
  },
  // Payload's duplicate (POST /api/users/:id/duplicate) would be a way into create around registration.
  disableDuplicate: true,
  auth: {
    // Payload's account lock is replaced by the throttle per account and client address
    // (login-throttle.ts, RATE_LIMIT_LOGIN_ACCOUNT), which a stranger cannot use to lock the owner out.
    // maxLoginAttempts stays above 0 so that Payload's lock fields (loginAttempts, lockUntil) stay in the
    // schema (0 would drop their columns), but so high that Payload never locks an account itself.
    maxLoginAttempts: Number.MAX_SAFE_INTEGER,
    lockTime: loginAccountLockout().lockMinutes * 60_000,
    tokenExpiration: 7 * 24 * 60 * 60,
    // Secure whenever the site is served over HTTPS (always in production behind the proxy).
    cookies: { sameSite: 'Lax', secure: serverURL().startsWith('https:') },
    verify: {
      generateEmailSubject: ({ user }) => verifyEmail.subject({ name: user?.name, url: '' }, langOf(user?.language)),
      generateEmailHTML: ({ token, user }) =>
        verifyEmail.html({ name: user?.name ?? '', url: `${serverURL()}/verify?token=${encodeURIComponent(token)}` }, langOf(user?.language)),
    },
    forgotPassword: {
      expiration: 60 * 60 * 1000,
      generateEmailSubject: (args) => resetPassword.subject({ name: '', url: '' }, langOf(args?.user?.language)),
      generateEmailHTML: (args) =>
        resetPassword.html(
          { name: args?.user?.name ?? '', url: `${serverURL()}/reset-password?token=${encodeURIComponent(args?.token ?? '')}` },
          langOf(args?.user?.language),
        ),
    },
  },
  // Every operation Payload offers an auth collection (users have no versions). Create is staff only:
  // visitors register through endpoints/register.ts, which checks the input and creates the account itself.
  access: {
    admin: canOpenAdmin,
    create: staffOnly,
    read: readUsers,
    update: updateUsers,
    delete: adminsOnly,
    unlock: staffOnly,
  },
  endpoints: [...userEndpoints, ...unsubscribeEndpoints, usersExport],
  hooks: {
    // The verification e-mail goes through the jobs queue, so a mail outage never fails a registration.
    // equalizeLoginTiming: an unknown e-mail costs the same password-hashing time as a wrong password.
    // guardAccountWrites: no password or e-mail address through Payload's create/update but by our own code.
    beforeOperation: [guardAccountWrites, deferVerificationEmail, equalizeLoginTiming],
    afterChange: [queueVerificationEmail, auditRoleChange, syncOwnerEmailOnControllers],
    afterOperation: [afterPasswordReset, unlockClearsThrottle],
    afterRead: [dropEmptySessions],
    beforeValidate: [requirePrivacyConsent],
    beforeDelete: [
      refuseDeleteWhenReferenced(
        [
          { collection: 'controllers', field: 'owner', what: 'controller(s)' },
          { collection: 'orders', field: 'customer', what: 'order(s)' },
          { collection: 'licenses', field: 'issuedBy', what: 'license(s) they issued' },
        ],
        'Transfer or release their controllers first; accounts with orders stay for the records.',
      ),
    ],
  },
  fields: [
    // What a customer changes about themselves (the portal's profile form): name, phone, language, news.
    { name: 'name', type: 'text', required: true, maxLength: 120, label: { en: 'Name', ru: 'Имя' }, access: { create: staffFieldOnly, update: selfService } },
    {
      name: 'phone',
      type: 'text',
      required: true,
      label: { en: 'Phone', ru: 'Телефон' },
      access: { create: staffFieldOnly, update: selfService },
      validate: (value: unknown) => validatePhone(value),
      hooks: { beforeValidate: [normalizePhone] },
      admin: { description: 'Stored in international E.164 form, e.g. +74951234567.' },
    },
    {
      name: 'language',
      type: 'select',
      defaultValue: 'en',
      required: true,
      label: { en: 'Language', ru: 'Язык' },
      access: { create: staffFieldOnly, update: selfService },
      options: LANGS.map((value) => ({ label: LANG_LABELS[value], value })),
    },
    {
      name: 'newsSubscribed',
      type: 'checkbox',
      defaultValue: false,
      label: { en: 'Subscribed to news and updates', ru: 'Подписка на новости и обновления' },
      access: { create: staffFieldOnly, update: selfService },
    },
    {
      name: 'pendingEmail',
      type: 'email',
      label: { en: 'New e-mail awaiting confirmation', ru: 'Новый e-mail ждёт подтверждения' },
      // Set only by POST /api/users/change-email; becomes the e-mail when its link is followed.
      access: { create: noField, update: noField },
      admin: { position: 'sidebar', readOnly: true },
    },
    {
      name: 'privacyAcceptedAt',
      type: 'date',
      label: { en: 'Privacy policy accepted', ru: 'Политика конфиденциальности принята' },
      // Recorded by the server at registration; staff creating a customer give the moment the customer
      // accepted (registration-consent.ts). Never changed afterwards.
      access: { create: staffFieldOnly, update: noField },
      admin: { position: 'sidebar', date: { pickerAppearance: 'dayAndTime' } },
    },
    {
      name: 'roles',
      type: 'select',
      hasMany: true,
      required: true,
      saveToJWT: true,
      defaultValue: ['customer'],
      options: ROLES.map((r) => ({ label: r, value: r })),
      // Public registration always makes a customer (the field is dropped from the body and the default
      // applies); only an admin chooses roles. Trusted server code (seed, tooling) uses overrideAccess.
      access: { create: adminFieldOnly, update: adminFieldOnly },
      admin: { position: 'sidebar' },
      label: { en: 'Roles', ru: 'Роли' },
    },
    {
      name: 'closureRequestedAt',
      type: 'date',
      index: true,
      label: { en: 'Closure requested', ru: 'Запрошено закрытие' },
      // Set by POST /api/users/request-closure (the confirmation link is e-mailed); docs/privacy.md.
      access: { create: () => false, update: () => false },
      admin: { position: 'sidebar', readOnly: true, date: { pickerAppearance: 'dayAndTime' } },
    },
    {
      name: 'closedAt',
      type: 'date',
      index: true,
      label: { en: 'Account closed', ru: 'Учётная запись закрыта' },
      // Set when the account is closed (src/privacy/close-account.ts): its personal data is gone.
      access: { create: () => false, update: () => false },
      admin: { position: 'sidebar', readOnly: true, date: { pickerAppearance: 'dayAndTime' } },
    },
    {
      // Staff help someone who cannot log in by sending them a reset link (they never set passwords).
      name: 'sendPasswordReset',
      type: 'ui',
      admin: { position: 'sidebar', components: { Field: '/src/admin/SendPasswordReset#SendPasswordReset' } },
    },
    {
      name: 'accountClosure',
      type: 'ui',
      admin: { position: 'sidebar', components: { Field: '/src/admin/AccountClosure#AccountClosure' } },
    },
    {
      // Derived from roles (hooks/setIsCustomer.ts); indexed for the managers' read rule (access.ts).
      name: 'isCustomer',
      type: 'checkbox',
      index: true,
      defaultValue: false,
      hooks: { beforeChange: [setIsCustomer] },
      access: { create: noField, update: noField },
      admin: { hidden: true, readOnly: true },
    },
    ...authFieldOverrides,
  ],
  timestamps: true,
}
