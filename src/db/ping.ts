import type { Payload } from 'payload'

import { isMongoAdapter, isSqliteAdapter } from './raw'

/** True when the database answers a trivial query within `timeoutMs`. */
export async function databaseReachable(payload: Payload, timeoutMs = 2000): Promise<boolean> {
  const ping = async () => {
    const { db } = payload
    if (isSqliteAdapter(db) && db.client) await db.client.execute('select 1')
    else if (isMongoAdapter(db) && db.connection?.db) await db.connection.db.admin().ping()
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
