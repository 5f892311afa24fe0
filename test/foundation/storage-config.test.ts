import { expect, test } from '@jest/globals'

import { ConfigError } from '@/config/env'
import { s3Settings, s3StorageOptions } from '@/config/storage'

const MONGO = { DATABASE_URI: 'mongodb://db:27017/pumotix' }

test('no S3_BUCKET: uploads stay on the local disk and the plugin is disabled', () => {
  expect(s3Settings({})).toBeUndefined()
  expect(s3Settings({ S3_BUCKET: '  ' })).toBeUndefined()
  expect(s3StorageOptions({})).toMatchObject({ enabled: false, collections: { media: true } })
})

test('S3_* settings without S3_BUCKET are an error naming them and S3_BUCKET (not a silent local disk)', () => {
  expect(() => s3Settings({ S3_ENDPOINT: 'http://minio:9000', S3_ACCESS_KEY_ID: 'k' })).toThrow(ConfigError)
  expect(() => s3Settings({ S3_ENDPOINT: 'http://minio:9000', S3_ACCESS_KEY_ID: 'k' })).toThrow(/^S3_ENDPOINT, S3_ACCESS_KEY_ID are set but S3_BUCKET is not/)
})

test('defaults: us-east-1, AWS default credentials, virtual-host style without an endpoint, path style with one', () => {
  expect(s3Settings({ S3_BUCKET: 'pumotix-media' })).toEqual({
    bucket: 'pumotix-media',
    region: 'us-east-1',
    endpoint: undefined,
    credentials: undefined,
    forcePathStyle: false,
    prefix: undefined,
  })
  expect(s3Settings({ S3_BUCKET: 'media', S3_ENDPOINT: 'http://minio:9000/', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret', S3_PREFIX: '/account/media/' })).toEqual({
    bucket: 'media',
    region: 'us-east-1',
    endpoint: 'http://minio:9000',
    credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
    forcePathStyle: true,
    prefix: 'account/media',
  })
  expect(s3Settings({ S3_BUCKET: 'media', S3_ENDPOINT: 'https://acc.r2.cloudflarestorage.com', S3_REGION: 'auto', S3_FORCE_PATH_STYLE: 'false' })).toMatchObject({
    region: 'auto',
    forcePathStyle: false,
  })
})

test('each wrong setting is an error naming its variable', () => {
  const cases: Array<[Record<string, string>, RegExp]> = [
    [{ S3_BUCKET: 'Media_Uploads' }, /^S3_BUCKET must be a bucket name/],
    [{ S3_BUCKET: 'media', S3_ENDPOINT: 'minio:9000' }, /^S3_ENDPOINT must be an absolute http\(s\) URL/],
    [{ S3_BUCKET: 'media', S3_ENDPOINT: 'ftp://minio' }, /^S3_ENDPOINT must be/],
    [{ S3_BUCKET: 'media', S3_ACCESS_KEY_ID: 'id' }, /^S3_ACCESS_KEY_ID is set but S3_SECRET_ACCESS_KEY is not/],
    [{ S3_BUCKET: 'media', S3_SECRET_ACCESS_KEY: 'secret' }, /^S3_SECRET_ACCESS_KEY is set but S3_ACCESS_KEY_ID is not/],
    [{ S3_BUCKET: 'media', S3_FORCE_PATH_STYLE: 'maybe' }, /^S3_FORCE_PATH_STYLE must be true or false/],
    [{ S3_BUCKET: 'media', S3_PREFIX: 'a/../b' }, /^S3_PREFIX must be a folder path/],
  ]
  for (const [env, message] of cases) {
    expect(() => s3Settings(env)).toThrow(ConfigError)
    expect(() => s3Settings(env)).toThrow(message)
  }
  // The secret key never appears in a message.
  expect(() => s3Settings({ S3_BUCKET: 'media', S3_SECRET_ACCESS_KEY: 'very-secret' })).toThrow(/^(?!.*very-secret)/)
})

test('plugin options: media through Payload (access control on), client settings, checksums only when required off AWS', () => {
  const options = s3StorageOptions({ ...MONGO, S3_BUCKET: 'media', S3_ENDPOINT: 'http://minio:9000', S3_ACCESS_KEY_ID: 'id', S3_SECRET_ACCESS_KEY: 'secret', S3_PREFIX: 'pmx' })
  expect(options).toEqual({
    enabled: true,
    alwaysInsertFields: true,
    bucket: 'media',
    collections: { media: { prefix: 'pmx' } },
    config: {
      region: 'us-east-1',
      endpoint: 'http://minio:9000',
      credentials: { accessKeyId: 'id', secretAccessKey: 'secret' },
      forcePathStyle: true,
      requestChecksumCalculation: 'WHEN_REQUIRED',
      responseChecksumValidation: 'WHEN_REQUIRED',
    },
  })
  expect(s3StorageOptions({ ...MONGO, S3_BUCKET: 'media', S3_REGION: 'eu-central-1' })).toEqual({
    enabled: true,
    alwaysInsertFields: true,
    bucket: 'media',
    collections: { media: true },
    config: { region: 'eu-central-1', forcePathStyle: false },
  })
})

test('the plugin\'s columns exist with or without S3 (one schema, one migration), so S3 works on SQLite and MongoDB alike', () => {
  expect(s3StorageOptions({}).alwaysInsertFields).toBe(true)
  expect(s3StorageOptions({ S3_BUCKET: 'media' }).alwaysInsertFields).toBe(true)
  expect(s3StorageOptions({ S3_BUCKET: 'media', DATABASE_URI: 'file:./data/pumotix.db' }).enabled).toBe(true)
  expect(s3StorageOptions({ S3_BUCKET: 'media', ...MONGO }).enabled).toBe(true)
})
