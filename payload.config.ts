/**
 * The Payload configuration: collections, database, e-mail, localization and admin.
 * Everything environment-dependent is read through src/config so it has one name and one error.
 */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { nodemailerAdapter } from '@payloadcms/email-nodemailer'
import { lexicalEditor } from '@payloadcms/richtext-lexical'
import { s3Storage } from '@payloadcms/storage-s3'
import { en } from '@payloadcms/translations/languages/en'
import { ru } from '@payloadcms/translations/languages/ru'
import { buildConfig } from 'payload'
import sharp from 'sharp'

import { collections } from '@collections'
import { closeBuiltInCollections } from '@collections/built-in-collections'
import { jobsConfig } from '@/jobs'
import { jobsAccess } from '@/jobs/jobs-collection'
import { Users } from '@collections/Users'
import { licenseKeysEndpoint } from '@/domain/license-keys-endpoint'
import { databaseAdapter } from '@/db/adapter'
import { adapterNeutralIds } from '@/db/adapter-neutral-ids'
import { allowedOrigins, serverURL } from '@/config/env'
import { mailFrom } from '@/config/mail'
import { logLevel } from '@/config/server'
import { createMailTransport } from '@/mail/transport'
import { onPayloadInit } from '@/startup'
import { payloadSecret } from '@/config/secrets'
import { s3StorageOptions } from '@/config/storage'

const dirname = path.dirname(fileURLToPath(import.meta.url))
const url = serverURL()
const from = mailFrom()

// Payload's own collections (locks, preferences, migrations) get their rules once the config is sanitized.
export default buildConfig({
  serverURL: url,
  // Only pages of these origins may use the session cookie; src/server/refuse-foreign-origins.ts
  // answers the others with a clear 403 before Payload would ignore the cookie.
  csrf: allowedOrigins(),
  cors: allowedOrigins(),
  secret: payloadSecret(),
  telemetry: false,
  logger: { options: { level: logLevel() } },
  // A person's mistake (4xx) is worth an info line, not an error report.
  loggingLevels: {
    ClientError: 'info',
    AuthenticationError: 'info',
    Forbidden: 'info',
    NotFound: 'info',
    ValidationError: 'info',
    UnverifiedEmail: 'info',
    QueryError: 'info',
    LockedAuth: 'warn',
  } as Record<string, 'info' | 'warn'>,
  admin: {
    user: Users.slug,
    // No Open Graph image: Payload serves /api/og only through its Next.js REST route, which express replaces (src/server/app.ts).
    meta: { titleSuffix: ' — PUMOTIX', defaultOGImageType: 'off' },
    importMap: { baseDir: dirname },
    components: { beforeDashboard: ['/src/admin/Dashboard#Dashboard'] },
  },
  collections,
  // Jobs are queued by server code and run by src/jobs/runner.ts (payload.jobs, overrideAccess); over REST
  // (GET /api/payload-jobs/run, /handle-schedules) only an admin may run them, and nobody queues or cancels.
  jobs: { ...jobsConfig, access: jobsAccess },
  sharp,
  endpoints: [licenseKeysEndpoint],
  db: databaseAdapter(),
  editor: lexicalEditor(),
  email: nodemailerAdapter({
    defaultFromAddress: from.address,
    defaultFromName: from.name,
    transport: createMailTransport(),
    skipVerify: true,
  }),
  i18n: { supportedLanguages: { en, ru }, fallbackLanguage: 'en' },
  localization: {
    locales: [
      { code: 'en', label: 'English' },
      { code: 'ru', label: 'Русский', fallbackLocale: 'en' },
    ],
    defaultLocale: 'en',
    fallback: true,
  },
  typescript: {
    outputFile: path.resolve(dirname, 'payload-types.ts'),
    autoGenerate: false,
    schema: [adapterNeutralIds],
  },
  // The portal and admin use REST; GraphQL stays off so its login mutation cannot bypass the rate limits.
  graphQL: { disable: true },
  // Uploads go to an S3-compatible bucket when S3_BUCKET is set, else to DATA_DIR/media (src/config/storage.ts).
  plugins: [s3Storage(s3StorageOptions())],
  onInit: onPayloadInit,
}).then(closeBuiltInCollections)
