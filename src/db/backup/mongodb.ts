/**
 * MongoDB's side of backups, through MongoDB's own tools: `mongodump --archive --gzip` of the
 * database named in DATABASE_URI, and `mongorestore` into the configured one (renaming the database
 * with --nsFrom/--nsTo). The URI (with its password) goes to the tools in a temporary 0600 YAML file
 * (`--config`), never on the command line where other users could read it.
 *
 * UNTESTED HERE: this machine has no mongod and no MongoDB Database Tools (docs/backup.md, "MongoDB").
 *
 * A dump of one database is not a point-in-time snapshot: documents written while mongodump runs may
 * or may not be in it (`--oplog`, which makes it point-in-time, works only for a dump of a whole
 * replica set). Backups on MongoDB therefore record counts as not exact; managed services (Atlas)
 * take consistent snapshots of their own, the route docs/backup.md recommends there.
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'

import { BackupError } from './errors'
import { executableSearchPath } from '@/config/env'

export const MONGODUMP_FILE = 'database/mongodb.archive.gz'

/** The database a mongodb:// URI names (its path; the host list may name several hosts, which URL cannot parse). */
export function mongoDatabaseName(uri: string): string {
  const dbPath = /^mongodb(?:\+srv)?:\/\/[^/?]*\/([^?]*)/.exec(uri)?.[1] ?? ''
  let name = ''
  try {
    name = decodeURIComponent(dbPath)
  } catch {
    // reported below
  }
  if (!name) throw new BackupError('DATABASE_URI names no database: give its name as the path, e.g. mongodb://host:27017/pumotix?replicaSet=rs0.')
  return name
}

/** The full path of a MongoDB tool on PATH, or null. */
export function findMongoTool(name: 'mongodump' | 'mongorestore', searchPath = executableSearchPath()): string | null {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, name)
    try {
      fs.accessSync(candidate, fs.constants.X_OK)
      return candidate
    } catch {
      // not here
    }
  }
  return null
}

function missingTool(name: string): BackupError {
  return new BackupError(
    `${name} is not installed (it is part of the MongoDB Database Tools, https://www.mongodb.com/docs/database-tools/installation/). ` +
      `Install them where this command runs, or use your MongoDB service's own backups (Atlas snapshots) as docs/backup.md ("MongoDB") describes.`,
  )
}

/** The command lines, without the URI (it travels in the --config file). */
export function mongodumpArgs(configFile: string, archive: string): string[] {
  return [`--config=${configFile}`, `--archive=${archive}`, '--gzip']
}

export function mongorestoreArgs(configFile: string, archive: string, fromDb: string, toDb: string, drop: boolean): string[] {
  return [`--config=${configFile}`, `--archive=${archive}`, '--gzip', `--nsInclude=${fromDb}.*`, `--nsFrom=${fromDb}.*`, `--nsTo=${toDb}.*`, ...(drop ? ['--drop'] : [])]
}

async function runTool(name: 'mongodump' | 'mongorestore', uri: string, args: (configFile: string) => string[]): Promise<void> {
  const tool = findMongoTool(name)
  if (!tool) throw missingTool(name)
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pumotix-mongo-'))
  const configFile = path.join(dir, 'config.yaml')
  try {
    fs.writeFileSync(configFile, `uri: ${JSON.stringify(uri)}\n`, { mode: 0o600 })
    const child = spawn(tool, args(configFile), { stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)))
    const code = await new Promise<number | null>((resolve, reject) => {
      child.once('error', reject)
      child.once('close', resolve)
    })
    if (code !== 0) throw new BackupError(`${name} failed (exit code ${code}):\n${stderr.trim()}`)
  } finally {
    fs.rmSync(dir, { recursive: true, force: true })
  }
}

/** `mongodump` of the URI's database into `archive` (gzip-compressed mongodump archive). */
export async function dumpMongo(uri: string, archive: string): Promise<void> {
  fs.mkdirSync(path.dirname(archive), { recursive: true })
  await runTool('mongodump', uri, (config) => mongodumpArgs(config, archive))
}

/** `mongorestore` of a dump of database `fromDb` into the URI's database; `drop` replaces existing collections. */
export async function restoreMongo(uri: string, archive: string, fromDb: string, drop: boolean): Promise<void> {
  await runTool('mongorestore', uri, (config) => mongorestoreArgs(config, archive, fromDb, mongoDatabaseName(uri), drop))
}

/** What the URI's database holds (collections and documents), or null when it is empty. */
export async function mongoContents(uri: string): Promise<string | null> {
  const { MongoClient } = await import('mongodb')
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: 5000 })
  try {
    await client.connect()
    const db = client.db(mongoDatabaseName(uri))
    const collections = await db.listCollections({}, { nameOnly: true }).toArray()
    let documents = 0
    for (const c of collections) documents += await db.collection(c.name).estimatedDocumentCount()
    return documents ? `${collections.length} collections, about ${documents} documents` : null
  } finally {
    await client.close()
  }
}
