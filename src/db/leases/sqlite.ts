/**
 * Lock leases on SQLite: acquiring is one `INSERT … ON CONFLICT(key) DO UPDATE … WHERE expires_at <= now
 * RETURNING` (insert, or take over an expired lease, atomically), release one DELETE.
 */
import type { RawSqlite } from '../raw'
import type { Leases } from './index'

const TABLE = 'lock_leases'
const iso = (ms: number) => new Date(ms).toISOString()

export function sqliteLeases(sql: RawSqlite): Leases {
  return {
    async tryAcquire(key, token, now, expiresAt) {
      // Rows neither inserted nor updated are not returned: no row back = a live lease is someone else's.
      const { rows } = await sql.execute({
        sql:
          `INSERT INTO ${TABLE} (key, token, expires_at) VALUES (?1, ?2, ?3) ` +
          `ON CONFLICT(key) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at ` +
          `WHERE ${TABLE}.expires_at <= ?4 RETURNING token`,
        args: [key, token, iso(expiresAt), iso(now)],
      })
      return rows.length === 1
    },
    async renew(key, token, expiresAt) {
      const r = await sql.execute({ sql: `UPDATE ${TABLE} SET expires_at = ?3 WHERE key = ?1 AND token = ?2`, args: [key, token, iso(expiresAt)] })
      return r.rowsAffected === 1
    },
    async release(key, token) {
      await sql.execute({ sql: `DELETE FROM ${TABLE} WHERE key = ?1 AND token = ?2`, args: [key, token] })
    },
  }
}

