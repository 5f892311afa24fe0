import type { Payload } from 'payload'

/** True when the database answers a trivial query. */
export async function databaseReachable(payload: Payload, timeoutMs = 2000): Promise<boolean> {
  const ping = async () => {
    const db = payload.db as unknown as {
      name: string
      client?: { execute: (sql: string) => Promise<unknown> }
      connection?: { db?: { admin: () => { ping: () => Promise<unknown> } } }
    }
    if (db.name === 'sqlite' && db.client) await db.client.execute('select 1')
    else if (db.connection?.db) await db.connection.db.admin().ping()
    else await payload.count({ collection: 'users', overrideAccess: true })
    return true
  }
  let timer: NodeJS.Timeout | undefined
  try {
    return await Promise.race([
      ping(),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs)
      }),
    ])
  } catch {
    return false
  } finally {
    clearTimeout(timer)
  }
}
