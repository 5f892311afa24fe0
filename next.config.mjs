import { withPayload } from '@payloadcms/next/withPayload'

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // NEXT_DIST_DIR lets parallel test runs keep separate builds (default .next).
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // Types are checked once by `npm run lint` (tsc --noEmit); the build does not repeat it.
  typescript: { ignoreBuildErrors: true },
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
