/**
 * The S3-compatible bucket of the uploads (src/config/storage.ts), as backups use it: media to
 * archive or restore, and scheduled backups kept under their own prefix. The client is configured
 * exactly like the upload plugin's (region, endpoint, path style, credentials, checksum mode).
 */
import fs from 'node:fs'
import { pipeline } from 'node:stream/promises'
import type { Readable } from 'node:stream'
import { DeleteObjectCommand, GetObjectCommand, ListObjectsV2Command, S3Client, type S3ClientConfig } from '@aws-sdk/client-s3'
import { Upload } from '@aws-sdk/lib-storage'

import { s3Settings, s3StorageOptions } from '@/config/storage'

/** The uploads' bucket (S3_BUCKET …) with its folder (S3_PREFIX), or null when uploads are on the local disk. */
export function configuredBucket(): { bucket: Bucket; mediaPrefix: string } | null {
  const settings = s3Settings()
  if (!settings) return null
  return { bucket: new Bucket(settings.bucket, s3StorageOptions().config), mediaPrefix: settings.prefix ?? '' }
}

export class Bucket {
  readonly client: S3Client

  constructor(
    readonly name: string,
    config: S3ClientConfig,
  ) {
    this.client = new S3Client(config)
  }

  /** Every key under `prefix` (a folder, without its trailing slash; '' for the whole bucket). */
  async list(prefix: string): Promise<{ key: string; size: number }[]> {
    const out: { key: string; size: number }[] = []
    let token: string | undefined
    do {
      const page = await this.client.send(new ListObjectsV2Command({ Bucket: this.name, Prefix: prefix ? `${prefix}/` : undefined, ContinuationToken: token }))
      for (const o of page.Contents ?? []) if (o.Key) out.push({ key: o.Key, size: o.Size ?? 0 })
      token = page.IsTruncated ? page.NextContinuationToken : undefined
    } while (token)
    return out
  }

  async download(key: string, file: string): Promise<void> {
    const res = await this.client.send(new GetObjectCommand({ Bucket: this.name, Key: key }))
    if (!res.Body) throw new Error(`the bucket returned no body for ${key}`)
    // In Node the SDK's body is a Readable stream.
    await pipeline(res.Body as Readable, fs.createWriteStream(file, { mode: 0o600 }))
  }

  /** Uploads a file (multipart above 8 MB, so archives of any size fit). */
  async upload(key: string, file: string, contentType = 'application/octet-stream'): Promise<void> {
    await new Upload({ client: this.client, params: { Bucket: this.name, Key: key, Body: fs.createReadStream(file), ContentType: contentType }, partSize: 8 * 1024 * 1024, queueSize: 2 }).done()
  }

  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.name, Key: key }))
  }

  destroy(): void {
    this.client.destroy()
  }
}
