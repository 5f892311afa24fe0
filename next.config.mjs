import { withPayload } from '@payloadcms/next/withPayload'

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // One copy of payload and the database adapters for the express server and Next's route handlers,
  // so errors, hooks and the cached Payload instance are shared.
  serverExternalPackages: [
    'payload',
    '@payloadcms/db-sqlite',
    '@payloadcms/db-mongodb',
    '@payloadcms/drizzle',
    '@payloadcms/email-nodemailer',
    'node-forge',
    'libsql',
  ],
}

export default withPayload(nextConfig, { devBundleServerPackages: false })
