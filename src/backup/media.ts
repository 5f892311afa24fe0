/**
 * Uploaded media in backups: read from where the uploads live (DATA_DIR/media, or the S3 bucket
 * under S3_PREFIX) into the archive's `media/` folder, and written back to where the restoring
 * installation keeps them. The archive does not record where they came from beyond `manifest.media.from`,
 * so a backup from disk can be restored into a bucket and the other way round.
 */
import fs from 'node:fs'
import path from 'node:path'

import { mediaDir } from '@collections/Media'
import type { ArchiveSource } from './archive'
import { MEDIA_DIR } from './manifest'
import { configuredBucket, type Bucket } from './s3'

export type MediaStore = { kind: 'disk'; dir: string } | { kind: 's3'; bucket: Bucket; prefix: string; exclude: string[] }

/** Where this installation keeps its uploads. `exclude`: folders of the bucket that are not media (scheduled backups). */
export function configuredMediaStore(exclude: string[] = []): MediaStore {
  const s3 = configuredBucket()
  return s3 ? { kind: 's3', bucket: s3.bucket, prefix: s3.mediaPrefix, exclude } : { kind: 'disk', dir: mediaDir() }
}

export function describeMediaStore(store: MediaStore): string {
  return store.kind === 'disk' ? store.dir : `s3://${store.bucket.name}/${store.prefix ? `${store.prefix}/` : ''}`
}

/** Every file under a folder, as paths relative to it with `/`, sorted. */
function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return []
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)).split(path.sep).join('/'))
    .sort()
}

async function mediaKeys(store: Extract<MediaStore, { kind: 's3' }>): Promise<{ key: string; rel: string }[]> {
  const objects = await store.bucket.list(store.prefix)
  return objects
    .map((o) => ({ key: o.key, rel: store.prefix ? o.key.slice(store.prefix.length + 1) : o.key }))
    .filter((o) => o.rel && !o.rel.endsWith('/') && !store.exclude.some((folder) => o.key === folder || o.key.startsWith(`${folder}/`)))
    .sort((a, b) => (a.rel < b.rel ? -1 : 1))
}

/**
 * Copies the uploads into `stagingDir/media` — hard links where the file system allows (uploads are
 * never changed in place, so a link freezes the file even if it is deleted meanwhile), else copies;
 * downloads from the bucket.
 */
export async function stageMedia(store: MediaStore, stagingDir: string): Promise<ArchiveSource[]> {
  const out: ArchiveSource[] = []
  const target = (rel: string) => {
    const diskPath = path.join(stagingDir, MEDIA_DIR, ...rel.split('/'))
    fs.mkdirSync(path.dirname(diskPath), { recursive: true })
    out.push({ archivePath: `${MEDIA_DIR}/${rel}`, diskPath })
    return diskPath
  }
  if (store.kind === 'disk') {
    for (const rel of filesUnder(store.dir)) {
      const from = path.join(store.dir, ...rel.split('/'))
      const to = target(rel)
      try {
        fs.linkSync(from, to)
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') {
          out.pop() // deleted since the listing
          continue
        }
        fs.copyFileSync(from, to)
      }
    }
    return out
  }
  for (const { key, rel } of await mediaKeys(store)) await store.bucket.download(key, target(rel))
  return out
}

/** How many uploads the store holds already. */
export async function mediaCount(store: MediaStore): Promise<number> {
  return store.kind === 'disk' ? filesUnder(store.dir).length : (await mediaKeys(store)).length
}

/**
 * Puts restored media (staged under `stagedDir`, paths relative to it) where the store keeps them.
 * A non-empty media folder on disk is moved aside to `<dir>.before-restore-<stamp>`; in a bucket,
 * objects of the same name are replaced and others left. Returns where old files went, if anywhere.
 */
export async function installMedia(store: MediaStore, stagedDir: string, files: string[], stamp: string): Promise<string | null> {
  if (store.kind === 's3') {
    for (const rel of files) await store.bucket.upload(store.prefix ? `${store.prefix}/${rel}` : rel, path.join(stagedDir, ...rel.split('/')))
    return null
  }
  let movedTo: string | null = null
  if (filesUnder(store.dir).length) {
    movedTo = `${store.dir}.before-restore-${stamp}`
    fs.renameSync(store.dir, movedTo)
  }
  fs.mkdirSync(store.dir, { recursive: true })
  for (const rel of files) {
    const to = path.join(store.dir, ...rel.split('/'))
    fs.mkdirSync(path.dirname(to), { recursive: true })
    moveFile(path.join(stagedDir, ...rel.split('/')), to)
  }
  return movedTo
}

/** rename, or copy and delete when the two are on different file systems. */
function moveFile(from: string, to: string): void {
  try {
    fs.renameSync(from, to)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err
    fs.copyFileSync(from, to)
    fs.rmSync(from)
  }
}
