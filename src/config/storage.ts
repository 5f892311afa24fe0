/**
 * Where uploads (the `media` collection) are stored: on the local disk under DATA_DIR/media by
 * default, or in an S3-compatible bucket (AWS S3, MinIO, Cloudflare R2…) when S3_BUCKET is set, so
 * app instances keep no state on their disks. docs/deploy.md ("Uploads") explains the choices.
 *
 * Files stay behind Payload either way: /api/media/file/<name> is answered by the app, which reads
 * the object from the bucket (access control applies, the bucket can stay private, the page CSP
 * `img-src 'self'` holds).
 */
import type { S3StorageOptions } from '@payloadcms/storage-s3'

import { ConfigError } from './env'

export interface S3Settings {
  bucket: string
  region: string
  /** Absent for AWS S3 itself (the SDK derives it from the region). */
  endpoint?: string
  /** Absent: the AWS SDK's default chain (AWS_* variables, shared files, instance/task roles). */
  credentials?: { accessKeyId: string; secretAccessKey: string }
  forcePathStyle: boolean
  /** A folder inside the bucket, without leading or trailing slashes; absent: the bucket's root. */
  prefix?: string
}

type Env = Record<string, string | undefined>

const S3_VARIABLES = ['S3_BUCKET', 'S3_REGION', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'S3_FORCE_PATH_STYLE', 'S3_PREFIX']

function setting(env: Env, name: string): string | undefined {
  const value = env[name]?.trim()
  return value ? value : undefined
}

function booleanSetting(env: Env, name: string, fallback: boolean): boolean {
  const raw = setting(env, name)
  if (raw === undefined) return fallback
  if (/^(1|true|yes)$/i.test(raw)) return true
  if (/^(0|false|no)$/i.test(raw)) return false
  throw new ConfigError(`${name} must be true or false; got "${raw}".`)
}

/** The S3 settings, or undefined when S3_BUCKET is unset (uploads on the local disk). */
export function s3Settings(env: Env = process.env): S3Settings | undefined {
  const bucket = setting(env, 'S3_BUCKET')
  if (!bucket) {
    const stray = S3_VARIABLES.filter((name) => setting(env, name) !== undefined)
    if (stray.length) {
      throw new ConfigError(
        `${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'} set but S3_BUCKET is not: set S3_BUCKET to store ` +
          `uploads in that bucket, or remove the S3_* settings to keep them on the local disk (DATA_DIR/media).`,
      )
    }
    return undefined
  }
  // AWS's rules (3–63 characters: lowercase letters, digits, dots, hyphens); MinIO and R2 follow them.
  if (!/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(bucket)) {
    throw new ConfigError(`S3_BUCKET must be a bucket name (3–63 lowercase letters, digits, dots or hyphens); got "${bucket}".`)
  }

  const endpointRaw = setting(env, 'S3_ENDPOINT')
  let endpoint: string | undefined
  if (endpointRaw) {
    const protocol = URL.canParse(endpointRaw) ? new URL(endpointRaw).protocol : ''
    if (protocol !== 'http:' && protocol !== 'https:') {
      throw new ConfigError(`S3_ENDPOINT must be an absolute http(s) URL such as http://minio:9000; got "${endpointRaw}".`)
    }
    endpoint = endpointRaw.replace(/\/+$/, '')
  }

  const accessKeyId = setting(env, 'S3_ACCESS_KEY_ID')
  const secretAccessKey = setting(env, 'S3_SECRET_ACCESS_KEY')
  if (Boolean(accessKeyId) !== Boolean(secretAccessKey)) {
    const missing = accessKeyId ? 'S3_SECRET_ACCESS_KEY' : 'S3_ACCESS_KEY_ID'
    const present = accessKeyId ? 'S3_ACCESS_KEY_ID' : 'S3_SECRET_ACCESS_KEY'
    throw new ConfigError(
      `${present} is set but ${missing} is not: set both, or neither to use the AWS default credentials (AWS_* variables, instance or task role).`,
    )
  }

  const prefixRaw = setting(env, 'S3_PREFIX')
  const prefix = prefixRaw?.replace(/^\/+|\/+$/g, '') || undefined
  if (prefix !== undefined && (prefix.split('/').some((part) => part === '' || part === '.' || part === '..') || /[\\\0]/.test(prefix))) {
    throw new ConfigError(`S3_PREFIX must be a folder path such as "pumotix/media"; got "${prefixRaw}".`)
  }

  return {
    bucket,
    region: setting(env, 'S3_REGION') ?? 'us-east-1',
    endpoint,
    credentials: accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey } : undefined,
    // MinIO and most self-hosted stores answer only path-style requests (http://host/bucket/key).
    forcePathStyle: booleanSetting(env, 'S3_FORCE_PATH_STYLE', Boolean(endpoint)),
    prefix,
  }
}

/**
 * Options of `s3Storage` for the `media` collection. The plugin is always listed and `enabled` only
 * with S3_BUCKET, and its two columns on `media` (prefix, _objectKey) always exist
 * (`alwaysInsertFields`; migration 20261123_*_media_storage_fields), so the database schema and the
 * admin import map are the same whether or not S3 is configured: a SQLite or MongoDB deployment can
 * move its uploads to S3 without a schema change.
 */
export function s3StorageOptions(env: Env = process.env): S3StorageOptions {
  const s3 = s3Settings(env)
  if (!s3) return { enabled: false, alwaysInsertFields: true, bucket: '', collections: { media: true }, config: {} }
  return {
    enabled: true,
    alwaysInsertFields: true,
    bucket: s3.bucket,
    // Served through Payload (disablePayloadAccessControl unset): /api/media/file/<name> stays the URL.
    collections: { media: s3.prefix ? { prefix: s3.prefix } : true },
    config: {
      region: s3.region,
      ...(s3.endpoint ? { endpoint: s3.endpoint } : {}),
      ...(s3.credentials ? { credentials: s3.credentials } : {}),
      forcePathStyle: s3.forcePathStyle,
      // Since early 2025 the AWS SDK sends CRC32 checksums (aws-chunked bodies) on every upload, which
      // several S3-compatible stores reject; send them only where an operation requires one.
      ...(s3.endpoint ? { requestChecksumCalculation: 'WHEN_REQUIRED', responseChecksumValidation: 'WHEN_REQUIRED' } : {}),
    },
  }
}
