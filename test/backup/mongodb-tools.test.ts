/**
 * The MongoDB piece of backups (src/db/backup/mongodb.ts) as far as this machine can check it: there
 * is no mongod and no MongoDB Database Tools here, so these tests cover the refusal when the tools are
 * missing, the database name taken from DATABASE_URI, and the command lines and --config file handed
 * to stand-in `mongodump` / `mongorestore` executables that record what they were given. Whether the
 * real tools accept them, and a real dump and restore, are NOT tested here (docs/backup.md, "MongoDB").
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, expect, test } from '@jest/globals'

import { BackupError } from '@/db/backup/errors'
import { dumpMongo, findMongoTool, mongoDatabaseName, restoreMongo } from '@/db/backup/mongodb'

const URI = 'mongodb://backup:s3cret-pass@db1.example:27017,db2.example:27017/pumotix?replicaSet=rs0'
let dir: string
let savedPath: string | undefined

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-mongo-tools-'))
  savedPath = process.env.PATH
})
afterAll(() => {
  process.env.PATH = savedPath
  fs.rmSync(dir, { recursive: true, force: true })
})

/** A stand-in tool: records its arguments and the --config file's content, writes the --archive, exits with `code`. */
function standIn(name: string, code = 0): string {
  const bin = path.join(dir, `bin-${name}-${code}`)
  fs.mkdirSync(bin, { recursive: true })
  fs.writeFileSync(
    path.join(bin, name),
    `#!/bin/sh
printf '%s\\n' "$@" > "${dir}/${name}.args"
for a in "$@"; do
  case "$a" in
    --config=*) cp "\${a#--config=}" "${dir}/${name}.config"; stat -c %a "\${a#--config=}" > "${dir}/${name}.mode" ;;
    --archive=*) [ "${name}" = mongodump ] && printf 'dump' > "\${a#--archive=}" ;;
  esac
done
[ ${code} -ne 0 ] && echo "Failed: connection refused" >&2
exit ${code}
`,
    { mode: 0o755 },
  )
  return bin
}

test('the database comes from the URI path; a URI without one is refused', () => {
  expect(mongoDatabaseName(URI)).toBe('pumotix')
  expect(() => mongoDatabaseName('mongodb://db1.example:27017/?replicaSet=rs0')).toThrow('DATABASE_URI names no database: give its name as the path, e.g. mongodb://host:27017/pumotix?replicaSet=rs0.')
})

test('without the MongoDB Database Tools: a refusal naming them and the managed-backup route', async () => {
  process.env.PATH = path.join(dir, 'empty')
  expect(findMongoTool('mongodump')).toBeNull()
  await expect(dumpMongo(URI, path.join(dir, 'x.gz'))).rejects.toThrow(
    new BackupError(
      'mongodump is not installed (it is part of the MongoDB Database Tools, https://www.mongodb.com/docs/database-tools/installation/). ' +
        'Install them where this command runs, or use your MongoDB service\'s own backups (Atlas snapshots) as docs/backup.md ("MongoDB") describes.',
    ),
  )
  await expect(restoreMongo(URI, path.join(dir, 'x.gz'), 'pumotix', false)).rejects.toThrow(/^mongorestore is not installed/)
})

test('mongodump gets the URI in a 0600 --config file, never on its command line, and writes a gzip archive', async () => {
  process.env.PATH = standIn('mongodump')
  const archive = path.join(dir, 'database', 'mongodb.archive.gz')
  await dumpMongo(URI, archive)
  const args = fs.readFileSync(path.join(dir, 'mongodump.args'), 'utf8').trim().split('\n')
  expect(args).toEqual([expect.stringMatching(/^--config=\/.*config\.yaml$/), `--archive=${archive}`, '--gzip'])
  expect(args.join(' ')).not.toContain('s3cret-pass')
  expect(fs.readFileSync(path.join(dir, 'mongodump.config'), 'utf8')).toBe(`uri: ${JSON.stringify(URI)}\n`)
  expect(fs.readFileSync(path.join(dir, 'mongodump.mode'), 'utf8').trim()).toBe('600')
  expect(fs.readFileSync(archive, 'utf8')).toBe('dump')
  // The temporary config file is gone afterwards.
  expect(fs.existsSync(args[0].slice('--config='.length))).toBe(false)
})

test('mongorestore renames the dumped database to the configured one and drops only with --force', async () => {
  process.env.PATH = standIn('mongorestore')
  await restoreMongo('mongodb://db1.example:27017/pumotix_restored', '/backups/dump.gz', 'pumotix', false)
  expect(fs.readFileSync(path.join(dir, 'mongorestore.args'), 'utf8').trim().split('\n').slice(1)).toEqual([
    '--archive=/backups/dump.gz',
    '--gzip',
    '--nsInclude=pumotix.*',
    '--nsFrom=pumotix.*',
    '--nsTo=pumotix_restored.*',
  ])
  await restoreMongo('mongodb://db1.example:27017/pumotix_restored', '/backups/dump.gz', 'pumotix', true)
  expect(fs.readFileSync(path.join(dir, 'mongorestore.args'), 'utf8').trim().split('\n').at(-1)).toBe('--drop')
})

test('a failing tool: its exit code and last output in the error', async () => {
  process.env.PATH = standIn('mongodump', 1)
  await expect(dumpMongo(URI, path.join(dir, 'y.gz'))).rejects.toThrow('mongodump failed (exit code 1):\nFailed: connection refused')
})
