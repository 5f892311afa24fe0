/**
 * Test harness: each test file boots its own Payload on a fresh database — a new SQLite file by
 * default, MongoDB when PAYLOAD_DATABASE=mongodb (mongodb-memory-server) or MONGODB_URI is set.
 * Migrations run on init, exactly as in production.
 */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import type { Payload } from 'payload'

export interface TestContext {
  payload: Payload
  dataDir: string
  stop: () => Promise<void>
}

let mongoServer: { getUri: () => string; stop: () => Promise<unknown> } | undefined

async function databaseUri(dataDir: string): Promise<string> {
  if (process.env.MONGODB_URI) {
    const u = new URL(process.env.MONGODB_URI)
    u.pathname = `/pmx_test_${process.pid}_${Date.now()}_${Math.random().toString(36).slice(2, 8)}`
    return u.toString()
  }
  if (process.env.PAYLOAD_DATABASE === 'mongodb') {
    const { MongoMemoryReplSet } = await import('mongodb-memory-server-core')
    const set = await MongoMemoryReplSet.create({ replSet: { count: 1, storageEngine: 'wiredTiger' } })
    mongoServer = set
    return set.getUri('pmx_test')
  }
  return `file:${path.join(dataDir, 'test.db')}`
}

/** Prepares the environment a test server or Payload instance reads (one fresh data dir and database). */
export async function testEnvironment(extra: Record<string, string> = {}): Promise<{ dataDir: string; env: Record<string, string> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'pmx-test-'))
  const env: Record<string, string> = {
    DATA_DIR: dataDir,
    DATABASE_URI: await databaseUri(dataDir),
    PAYLOAD_SECRET: 'test-secret-0123456789abcdef0123456789abcdef',
    DISABLE_PAYLOAD_HMR: 'true',
    LOG_LEVEL: process.env.LOG_LEVEL || 'warn',
    ...extra,
  }
  return { dataDir, env }
}

export async function bootPayload(extraEnv: Record<string, string> = {}): Promise<TestContext> {
  const { dataDir, env } = await testEnvironment(extraEnv)
  Object.assign(process.env, env)
  const { default: config } = await import('@payload-config')
  const { getPayload } = await import('payload')
  const payload = await getPayload({ config })
  return {
    payload,
    dataDir,
    stop: async () => {
      await payload.destroy()
      await mongoServer?.stop()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
}
