import { withPayload } from '@payloadcms/next/withPayload'

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  // NEXT_DIST_DIR lets parallel test runs keep separate builds (default .next).
  distDir: process.env.NEXT_DIST_DIR || '.next',
  poweredByHeader: false,
  // `npm run dev` on the local default may be opened at any loopback spelling of localhost:PORT
  // (src/config/env.ts allowedOrigins); Next's dev server blocks its own resources (hot reload) for
  // hosts other than localhost unless they are listed here. Development only.
  allowedDevOrigins: ['127.0.0.1', '[::1]'],
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
