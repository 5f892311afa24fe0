/** What a database snapshot tells the backup besides the file itself (src/db/backup/sqlite.ts, mongodb.ts). */
import type { SigningKey } from '@payload-types'

/** One row of the signing-keys collection as the database stores it. */
export type StoredSigningKey = Pick<SigningKey, 'kid' | 'alg' | 'status' | 'publicKey' | 'privateKeyEncrypted' | 'createdAt'> & { retiredAt: string | null }

export interface CollectionTable {
  slug: string
  /** SQLite: the collection's table. */
  table: string
}

export interface DatabaseSnapshotInfo {
  counts: Record<string, number>
  migrations: string[]
  signingKeys: StoredSigningKey[]
  /** True when the counts come from the snapshot itself. */
  countsExact: boolean
}
