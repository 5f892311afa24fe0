/**
 * Backups with the uploads in an S3 bucket and BACKUP_S3=1, against s3rver (the S3 REST API over
 * HTTP in this process, as test/news/media-s3.test.ts uses it): scheduled backups go to the bucket
 * under backups/ and are thinned there; the media come from the bucket (and never include the
 * backups beside them); `npm run restore` puts them into another bucket's prefix.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from '@jest/globals'
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3'
import S3rver from 's3rver'

import { backupFileName } from '@/backup/names'
import { runScheduledBackup } from '@/backup/schedule'
import { verifyBackup } from '@/backup/verify'
import { startTestServer, type TestServer } from '../support/server'
import { commandEnv, runScript, succeeded } from './support'

const BUCKET = 'pmx-backup-test'
const RESTORED = 'pmx-restored'
const KEY = { id: 'S3RVER', secret: 'S3RVER' }

let s3dir: string
let s3server: S3rver
let s3: S3Client
let endpoint: string
let server: TestServer
let work: string

beforeAll(async () => {
  s3dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-s3-backup-'))
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-s3-work-'))
  s3server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: s3dir, configureBuckets: [{ name: BUCKET, configs: [] }, { name: RESTORED, configs: [] }] })
  const { address, port } = await s3server.run()
  endpoint = `http://${address}:${port}`
  s3 = new S3Client({ endpoint, region: 'us-east-1', forcePathStyle: true, credentials: { accessKeyId: KEY.id, secretAccessKey: KEY.secret } })
  // Uploads at the bucket's root (no S3_PREFIX), so the backups' folder sits among them.
  server = await startTestServer({ S3_BUCKET: BUCKET, S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: KEY.id, S3_SECRET_ACCESS_KEY: KEY.secret, BACKUP_S3: '1', BACKUP_KEEP_DAILY: '2', BACKUP_KEEP_WEEKLY: '0' })
  for (const [key, body] of [
    ['cover.png', 'cover image'],
    ['cover-400x300.png', 'its thumbnail'],
  ]) {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }))
  }
})

afterAll(async () => {
  await server?.close()
  s3?.destroy()
  await s3server?.close()
  for (const name of ['S3_BUCKET', 'S3_ENDPOINT', 'S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY', 'BACKUP_S3', 'BACKUP_KEEP_DAILY', 'BACKUP_KEEP_WEEKLY']) delete process.env[name]
  fs.rmSync(s3dir, { recursive: true, force: true })
  fs.rmSync(work, { recursive: true, force: true })
})

const keys = async (bucket: string, prefix?: string) => ((await s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }))).Contents ?? []).map((o) => o.Key!).sort()
const object = async (bucket: string, key: string) => Buffer.from(await (await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }))).Body!.transformToByteArray())

test('three days of backups into the bucket: two kept under backups/, each holding the media from the bucket and not the backups', async () => {
  const days = ['2026-11-28T03:00:00Z', '2026-11-29T03:00:00Z', '2026-11-30T03:00:00Z'].map((d) => new Date(d))
  for (const now of days) {
    const result = await runScheduledBackup(server.payload, { now })
    expect(result.destination).toBe(`s3://${BUCKET}/backups/`)
    expect(result.backup.manifest.media).toEqual({ from: 's3', files: 2 })
    expect(result.backup.manifest.files.filter((f) => f.path.startsWith('media/')).map((f) => f.path)).toEqual(['media/cover-400x300.png', 'media/cover.png'])
  }
  expect(await keys(BUCKET, 'backups/')).toEqual(days.slice(1).map((d) => `backups/${backupFileName(d)}`))
  // Nothing is left on the local disk: the archive was written to a temporary folder and uploaded.
  expect(fs.existsSync(path.join(server.dataDir, 'backups'))).toBe(false)
})

test('the newest backup, fetched from the bucket, verifies and restores its media into another bucket', async () => {
  const archive = path.join(work, 'from-bucket.tar.gz')
  fs.writeFileSync(archive, await object(BUCKET, `backups/${backupFileName(new Date('2026-11-30T03:00:00Z'))}`))
  expect((await verifyBackup({ archive, secret: process.env.PAYLOAD_SECRET!, escrowPassphrase: null, escrowFile: null })).secret).toBe('opens')

  const target = path.join(work, 'restored')
  const restored = succeeded(
    await runScript(
      'restore',
      [archive],
      commandEnv(target, { PAYLOAD_SECRET: process.env.PAYLOAD_SECRET, S3_BUCKET: RESTORED, S3_ENDPOINT: endpoint, S3_ACCESS_KEY_ID: KEY.id, S3_SECRET_ACCESS_KEY: KEY.secret, S3_PREFIX: 'restored/media' }),
    ),
  )
  expect(restored.stdout).toContain('media: 2 file(s)')
  expect(await keys(RESTORED)).toEqual(['restored/media/cover-400x300.png', 'restored/media/cover.png'])
  expect((await object(RESTORED, 'restored/media/cover.png')).toString()).toBe('cover image')
  expect(fs.existsSync(path.join(target, 'media'))).toBe(false)
})
